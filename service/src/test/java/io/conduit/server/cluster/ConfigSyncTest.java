package io.conduit.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.channel.ChannelStore;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config sync against an in-memory ODB: a change is applied here, then announced, once. */
class ConfigSyncTest {

    private final Odb odb = TestOdb.memory();
    private final AtomicInteger reloads = new AtomicInteger();
    private final List<Long> applied = new ArrayList<>();
    private final List<Long> announced = new ArrayList<>();
    private final ConfigSync sync = new ConfigSync(odb, List.of(reloads::incrementAndGet), Duration.hours(1),
            applied::add, announced::add, Clock.systemUTC());

    @AfterEach
    void stop() {
        sync.stop();
    }

    @Test
    void aChangeWrittenToTheOdbIsAppliedHereThenAnnouncedWithItsVersion() {
        sync.start();
        odb.onChange(sync::changed);
        long before = sync.appliedVersion();

        new ChannelStore(odb).create(new HttpChannel("c", "/c", "s", null, "json", null, null, true));

        assertThat(reloads.get()).isEqualTo(2);
        assertThat(sync.appliedVersion()).isEqualTo(before + 1);
        assertThat(announced).containsExactly(before + 1);
        assertThat(applied).containsExactly(before, before + 1);
    }

    @Test
    void aSyncThatFindsNoNewVersionReloadsNothing() {
        sync.start();

        sync.syncNow();
        sync.syncNow();

        assertThat(reloads.get()).isEqualTo(1);
    }

    @Test
    void aChangeRefusedByTheOdbAppliesAndAnnouncesNothing() {
        sync.start();
        odb.onChange(sync::changed);
        ChannelStore channels = new ChannelStore(odb);
        channels.create(new HttpChannel("c", "/c", "s", null, "json", null, null, true));
        int reloadsBefore = reloads.get();

        try {
            channels.create(new HttpChannel("c", "/other", "s", null, "json", null, null, true));
        } catch (RuntimeException expected) {
            // the name is taken
        }

        assertThat(reloads.get()).isEqualTo(reloadsBefore);
        assertThat(announced).hasSize(1);
    }
}
