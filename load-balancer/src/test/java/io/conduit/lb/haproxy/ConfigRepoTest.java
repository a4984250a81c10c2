package io.conduit.lb.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRepoTest {

    private static final String CONFIG = """
            global
                stats socket /run/conduit/haproxy.sock mode 600 level admin
                server-state-file state

            backend conduit_servers
                balance roundrobin
                default-server check inter 2s fastinter 500ms rise 2 fall 2 slowstart 10s
                # The server nodes.
                server server1 127.0.0.1:17010
                server server2 127.0.0.1:17011

            listen admin
                bind 127.0.0.1:11225
                stats auth admin1:s3cret
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheSocketTheStateFileAndAdmin1() throws Exception {
        ConfigRepo repo = new ConfigRepo(Files.writeString(dir.resolve("conduit.config"), CONFIG));

        assertThat(repo.statsSocket()).isEqualTo(Path.of("/run/conduit/haproxy.sock"));
        assertThat(repo.stateFile()).isEqualTo(dir.resolve("state"));
        assertThat(repo.admin1().username()).isEqualTo("admin1");
        assertThat(repo.admin1().password()).isEqualTo("s3cret");
    }

    @Test
    void addsAServerAfterTheBackendsLastLineAndRemovesIt() {
        String added = ConfigRepo.withServer(CONFIG, "conduit_servers", "server3", "10.0.0.3:17010");

        assertThat(ConfigRepo.servers(added, "conduit_servers")).extracting(ConfigRepo.ServerLine::name)
                .containsExactly("server1", "server2", "server3");
        assertThat(added).contains("    server server2 127.0.0.1:17011\n    server server3 10.0.0.3:17010\n\nlisten admin");
        String removed = ConfigRepo.withoutServer(added, "conduit_servers", "server1");
        assertThat(ConfigRepo.servers(removed, "conduit_servers")).extracting(ConfigRepo.ServerLine::address)
                .containsExactly("127.0.0.1:17011", "10.0.0.3:17010");
        assertThat(removed).contains("stats auth admin1:s3cret").contains("# The server nodes.");
    }

    @Test
    void addingAnExistingServerMovesIt() {
        String moved = ConfigRepo.withServer(CONFIG, "conduit_servers", "server2", "10.0.0.2:1");
        assertThat(ConfigRepo.servers(moved, "conduit_servers")).extracting(ConfigRepo.ServerLine::address)
                .containsExactly("127.0.0.1:17010", "10.0.0.2:1");
    }

    @Test
    void anEmptyBackendGetsItsFirstServer() {
        String empty = ConfigRepo.withoutServer(ConfigRepo.withoutServer(CONFIG, "conduit_servers", "server1"),
                "conduit_servers", "server2");
        assertThat(ConfigRepo.servers(ConfigRepo.withServer(empty, "conduit_servers", "a", "h:1"), "conduit_servers"))
                .extracting(ConfigRepo.ServerLine::name).containsExactly("a");
    }

    @Test
    void aConfigWithoutTheBackendOrAdmin1SaysWhatIsMissing() throws Exception {
        assertThatThrownBy(() -> ConfigRepo.servers("global\n", "conduit_servers"))
                .hasMessageContaining("no 'backend conduit_servers' section");
        ConfigRepo repo = new ConfigRepo(Files.writeString(dir.resolve("c"), "global\n"));
        assertThatThrownBy(repo::admin1).hasMessageContaining("stats auth admin1:<password>");
    }

    @Test
    void serversAddedAtRuntimeGetTheBackendsDefaultServerOptions() {
        assertThat(ConfigRepo.defaultServerOptions(CONFIG, "conduit_servers"))
                .isEqualTo("check inter 2s fastinter 500ms rise 2 fall 2 slowstart 10s");
        assertThat(ConfigRepo.defaultServerOptions(CONFIG.replaceAll("(?m)^.*default-server.*\n", ""), "conduit_servers"))
                .isEqualTo("check");
    }
}
