package io.conduit.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a kind costs: this test's {@link Gadget} is a record with its {@code KIND} and nothing else,
 * and it is stored (its secret sealed), read back, shown without its secret, exported with a
 * placeholder, described by the schema and diffed; a field added later needs no migration.
 */
class KindTest {

    /** A kind made for this test only: a record and its KIND. */
    record Gadget(
            @Name String name,
            @JsonProperty(defaultValue = "7") @Min(1) @Max(10) int size,
            @JsonProperty(defaultValue = "30s") Duration every,
            Secret token) implements Configured {

        static final Kind<Gadget> KIND = Kind.of("gadgets", "gadget", Gadget.class);
    }

    private final Odb odb = TestOdb.memory();
    private final ConfigStore store = TestConfig.store(odb, Gadget.KIND);

    @Test
    void aRecordAndItsKindAreStoredReadShownExportedAndDescribed() {
        Gadget gadget = TestConfig.bind(Gadget.KIND, "{'name': 'g1', 'token': 't0ps3cret'}");
        assertThat(gadget).isEqualTo(new Gadget("g1", 7, Duration.ofSeconds(30), Secret.of("t0ps3cret")));
        commit(Configuration.empty(store.kinds()).with(Gadget.KIND, gadget));

        assertThat(store.find(Gadget.KIND, "g1")).contains(gadget);
        String atRest = odb.read(h -> h.createQuery("SELECT body FROM config_object").mapTo(String.class).one());
        assertThat(atRest).contains("\"token\":\"enc:v1:").doesNotContain("t0ps3cret");
        assertThat(TestConfig.JSON.view(gadget).toString()).isEqualTo(
                "{\"name\":\"g1\",\"size\":7,\"every\":\"30s\",\"tokenSet\":true}");
        assertThat(TestConfig.JSON.exported(Gadget.KIND, gadget).toString()).isEqualTo(
                "{\"name\":\"g1\",\"token\":\"${GADGETS_G1_TOKEN}\"}");
        assertThat(new ConfigSchema(store.kinds()).document().at("/$defs/gadgets/properties/size/maximum").asInt())
                .isEqualTo(10);
        assertThat(gadget.toString()).doesNotContain("t0ps3cret");
    }

    @Test
    void aFieldAddedAfterAnObjectWasStoredReadsWithItsDefault() {
        odb.change(h -> h.createUpdate("INSERT INTO config_object (kind, name, body) VALUES ('gadgets', 'old',"
                + " '{\"name\": \"old\", \"size\": 3}')").execute());

        assertThat(store.snapshot().configuration().find(Gadget.KIND, "old"))
                .contains(new Gadget("old", 3, Duration.ofSeconds(30), null));
    }

    @Test
    void aChangeIsDiffedFieldByFieldAndASecretOnlyAsChanged() {
        Gadget before = TestConfig.bind(Gadget.KIND, "{'name': 'g', 'size': 2, 'token': 'a'}");
        Gadget after = TestConfig.bind(Gadget.KIND, "{'name': 'g', 'size': 3, 'token': 'b'}");
        List<Change> changes = Change.between(TestConfig.JSON, Configuration.empty(store.kinds()).with(Gadget.KIND, before),
                Configuration.empty(store.kinds()).with(Gadget.KIND, after));

        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).describe()).isEqualTo("~ gadgets 'g': size 2 -> 3, token \"***\" -> \"***\"");
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> TestConfig.bind(Gadget.KIND,
                "{'name': 'g', 'size': 11}")).problems()).containsExactly(new Problem("gadgets", "g", "size",
                "must be less than or equal to 10"));
    }

    @Test
    void aReleaseMadeFromAnOlderVersionIsRefusedNamingTheNewerOne() {
        long base = store.snapshot().version();
        commit(Configuration.empty(store.kinds()).with(Gadget.KIND, TestConfig.bind(Gadget.KIND, "{'name': 'a'}")));

        StaleReleaseException stale = catchThrowableOfType(StaleReleaseException.class, () -> store.commit(base,
                Configuration.empty(store.kinds()), List.of(), TestConfig.TESTER, "late", Instant.now(), h -> null));
        assertThat(stale.newest()).isEqualTo(base + 1);
        assertThat(stale.getMessage()).isEqualTo("the configuration changed since release " + base + ": release "
                + (base + 1) + " was made by tester at " + store.release(base + 1).orElseThrow().at()
                + "; run diff again and apply on top of it");
    }

    @Test
    void theConfigurationOfEveryReleaseIsRebuiltFromCheckpointsAndWhatEachReleaseWrote() {
        java.util.Map<Long, Configuration> made = new java.util.HashMap<>();
        Configuration config = store.snapshot().configuration();
        for (int i = 0; i < 2 * ConfigStore.CHECKPOINT_EVERY + 7; i++) {
            Gadget g = TestConfig.bind(Gadget.KIND, "{'name': 'g" + (i % 5) + "', 'size': " + (1 + i % 10)
                    + ", 'token': 't" + i + "'}");
            config = i % 7 == 6 ? config.without(Gadget.KIND, g.name()) : config.with(Gadget.KIND, g);
            commit(config);
            made.put(store.snapshot().version(), config);
        }
        made.forEach((number, expected) -> assertThat(store.configurationAt(number)).as("release " + number)
                .contains(expected));
        String checkpoints = odb.read(h -> h.createQuery("SELECT COUNT(*) FROM config_release WHERE config IS NOT NULL")
                .mapTo(String.class).one());
        assertThat(Integer.parseInt(checkpoints)).as("the baseline and one every " + ConfigStore.CHECKPOINT_EVERY)
                .isEqualTo(3);
    }

    private void commit(Configuration next) {
        ConfigStore.Snapshot now = store.snapshot();
        store.commit(now.version(), next, Change.between(TestConfig.JSON, now.configuration(), next), TestConfig.TESTER,
                "test", Instant.now(), h -> null);
    }
}
