package io.conduit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code quickstart --ha --odb postgres --odb-url URL} writes, without starting anything. */
class ClusterCreatorTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final String URL = "jdbc:postgresql://db-1:5432,db-2:5432/conduit?targetServerType=primary";

    @TempDir
    Path dir;

    @Test
    void haWithAnExistingPostgresqlConfiguresSentinelsEverywhereAndTheUrlForTheNodes() throws Exception {
        ClusterSpec spec = new ClusterSpec(2, 1000, true, "postgres", URL);
        ClusterCreator.Secrets secrets = new ClusterCreator(HOME).create(dir, spec, false,
                Map.of("openssl", Prerequisites.find("openssl").orElseThrow()));

        assertThat(ClusterSpec.read(dir)).isEqualTo(spec);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode server = yaml.readTree(Files.readString(dir.resolve("server2/config.yml")));
        assertThat(server.at("/odb/url").asText()).isEqualTo(URL);
        assertThat(Files.readString(dir.resolve("server2/config.yml"))).doesNotContain(secrets.odbPassword());
        for (String config : new String[] {"server1/config.yml", "load-balancer/agent.yml", "dashboard/config.yml"}) {
            JsonNode redis = yaml.readTree(Files.readString(dir.resolve(config))).path("redis");
            assertThat(redis.path("sentinels")).as(config).hasSize(3);
            assertThat(redis.path("sentinels").get(0).asText()).isEqualTo("127.0.0.1:" + spec.sentinelPort(1));
            assertThat(redis.path("masterName").asText()).isEqualTo("conduit");
        }
        assertThat(Files.readString(dir.resolve("redis-replica/redis.conf")))
                .contains("replicaof 127.0.0.1 " + spec.redisPort()).contains("masterauth " + secrets.redisPassword());
        assertThat(Files.readString(dir.resolve("sentinel3/sentinel.conf")))
                .contains("port " + spec.sentinelPort(3))
                .contains("sentinel monitor conduit 127.0.0.1 " + spec.redisPort() + " 2")
                .contains("sentinel auth-pass conduit " + secrets.redisPassword());
        assertThat(dir.resolve("odb/pgdata")).as("no local PostgreSQL with a URL").doesNotExist();
    }

    @Test
    void aSingleRedisAndH2StayTheDefault() throws Exception {
        ClusterSpec spec = new ClusterSpec(1, 0);
        new ClusterCreator(HOME).create(dir, spec, false, Map.of("openssl", Prerequisites.find("openssl").orElseThrow()));
        JsonNode server = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(dir.resolve("server1/config.yml")));
        assertThat(server.at("/redis/sentinels")).isEmpty();
        assertThat(server.at("/odb/url").asText()).isEqualTo("jdbc:h2:tcp://127.0.0.1:19092/conduit");
        assertThat(dir.resolve("sentinel1")).doesNotExist();
    }

    @Test
    void odbOptionsThatDoNotFitAreRefusedWithWhatToType() {
        assertThatThrownBy(() -> new ClusterSpec(2, 0, false, "mysql", "")).hasMessage("--odb takes h2 or postgres");
        assertThatThrownBy(() -> new ClusterSpec(2, 0, false, "h2", URL))
                .hasMessage("--odb-url goes with --odb postgres");
        assertThatThrownBy(() -> new ClusterSpec(2, 0, false, "postgres", "jdbc:mysql://db/conduit"))
                .hasMessageContaining("--odb-url must be a jdbc:postgresql://... URL");
    }
}
