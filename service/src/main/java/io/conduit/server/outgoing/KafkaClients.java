package io.conduit.server.outgoing;

import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How the node makes its Kafka clients, producers of outgoing connections and consumers of
 * channels alike: the properties every client shares, and the class loader Kafka loads its classes
 * with.
 */
public final class KafkaClients {

    /** What a list of brokers to start from may be, and what a refusal says. */
    public static final String SERVERS = "[^\\s,]+:[0-9]+(,[^\\s,]+:[0-9]+)*";
    public static final String SERVERS_RULE = "must be host:port[,host:port...]";
    /** What a topic's name may be, and what a refusal says. */
    public static final String TOPIC = "[A-Za-z0-9._-]{1,249}";
    public static final String TOPIC_RULE = "must be 1 to 249 letters, digits, '.', '_' or '-'";

    private KafkaClients() {
    }

    /**
     * @param sasl the client's credentials, or null for none
     * @return the properties every client of the node starts from
     */
    public static Properties common(String bootstrapServers, String clientId, KafkaSasl sasl) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // the node's own metrics are its clients' figures: none pushed to the brokers (KIP-714)
        p.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, "false");
        if (sasl != null) {
            sasl.configure(p);
        }
        return p;
    }

    /**
     * Makes a client with the node's class loader as the thread's context class loader: Kafka loads
     * its classes by name through it, and a service's thread (on a first send) sees the API only.
     * The client's own threads inherit it.
     */
    public static <T> T make(Supplier<T> client) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return client.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
