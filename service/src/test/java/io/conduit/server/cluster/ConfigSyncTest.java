package io.conduit.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.channel.HttpChannel;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.release.Releases;
import io.conduit.server.config.TestConfig;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import io.conduit.server.security.SecurityDefinition;
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
    private final ConfigStore store = TestConfig.store(odb, SecurityDefinition.KIND, HttpChannel.KIND);
    private final Releases releases = new Releases(store, new io.conduit.server.deploy.DeploymentStore(odb), TestConfig.JSON, Clock.systemUTC());
    private final AtomicInteger reloads = new AtomicInteger();
    private final List<Long> applied = new ArrayList<>();
    private final List<Long> announced = new ArrayList<>();
    private final ConfigSync sync = new ConfigSync(odb, store, List.of(c -> reloads.incrementAndGet()), Duration.hours(1),
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

        add(channel("c", "/c"));

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
        add(channel("c", "/c"));
        int reloadsBefore = reloads.get();

        try {
            add(channel("d", "/c"));
        } catch (RuntimeException expected) {
            // another channel serves that path
        }

        assertThat(reloads.get()).isEqualTo(reloadsBefore);
        assertThat(announced).hasSize(1);
    }

    private void add(HttpChannel channel) {
        releases.change(c -> c.with(HttpChannel.KIND, channel), TestConfig.TESTER);
    }

    private static HttpChannel channel(String name, String path) {
        return TestConfig.bind(HttpChannel.KIND, "{'name': '" + name + "', 'urlPath': '" + path + "', 'service': 's'}");
    }
}
