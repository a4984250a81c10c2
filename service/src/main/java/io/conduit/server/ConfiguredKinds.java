package io.conduit.server;

import io.conduit.server.amqp.AmqpChannelConfig;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.config.Kinds;
import io.conduit.server.kafka.KafkaChannelConfig;
import io.conduit.server.outgoing.OutgoingAmqpConfig;
import io.conduit.server.outgoing.OutgoingFilesConfig;
import io.conduit.server.outgoing.OutgoingHttpConfig;
import io.conduit.server.outgoing.OutgoingKafkaConfig;
import io.conduit.server.outgoing.OutgoingSqlConfig;
import io.conduit.server.outgoing.OutgoingSmtpConfig;
import io.conduit.server.outgoing.OutgoingZmqConfig;
import io.conduit.server.polling.FileChannelConfig;
import io.conduit.server.polling.ImapChannelConfig;
import io.conduit.server.scheduler.Job;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.server.users.User;
import java.util.List;

/**
 * Every configured kind of the node, a kind before those that name it. A new kind is its record
 * with its {@code KIND}, and one line here: storage, the admin API, the JSON Schema, export and
 * apply, and the dashboard's form follow from them.
 */
public final class ConfiguredKinds {

    /** Every kind, in order. */
    public static final Kinds ALL = new Kinds(List.of(
            SecurityDefinition.KIND,
            HttpChannel.KIND,
            AmqpChannelConfig.KIND,
            KafkaChannelConfig.KIND,
            FileChannelConfig.KIND,
            ImapChannelConfig.KIND,
            OutgoingHttpConfig.KIND,
            OutgoingZmqConfig.KIND,
            OutgoingSqlConfig.KIND,
            OutgoingAmqpConfig.KIND,
            OutgoingKafkaConfig.KIND,
            OutgoingFilesConfig.KIND,
            OutgoingSmtpConfig.KIND,
            Job.KIND,
            User.KIND));

    private ConfiguredKinds() {
    }
}
