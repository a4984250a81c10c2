package io.conduit.lb.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class StatCsvTest {

    @Test
    void readsTheServersOfTheNodesBackendOnly() throws IOException {
        List<ServerStat> servers = StatCsv.servers(fixture("show-stat.csv"), "conduit_servers");

        assertThat(servers).extracting(ServerStat::name).containsExactly("server1", "server2");
        ServerStat up = servers.get(0);
        assertThat(up.status()).isEqualTo("UP");
        assertThat(up.checkStatus()).isEqualTo("L7OK");
        assertThat(up.address()).isEqualTo("127.0.0.1:17010");
        assertThat(up.totalSessions()).isEqualTo(21);
        assertThat(up.bytesIn()).isEqualTo(4500);
        assertThat(up.bytesOut()).isEqualTo(6100);
        assertThat(up.responseTimeMs()).isEqualTo(4);
        assertThat(up.lastChangeSeconds()).isEqualTo(120);
        ServerStat down = servers.get(1);
        assertThat(down.status()).isEqualTo("DOWN");
        assertThat(down.checkStatus()).isEqualTo("L4CON");
        assertThat(down.connectionErrors()).isEqualTo(3);
        assertThat(down.responseErrors()).isEqualTo(1);
        assertThat(down.downtimeSeconds()).isEqualTo(5);
    }

    @Test
    void aQuotedFieldWithACommaKeepsTheColumnsInPlace() {
        String csv = "# pxname,svname,status,check_desc,rtime,\n"
                + "conduit_servers,server1,DOWN,\"Layer4 connection problem, info: \"\"Connection refused\"\"\",7,\n"
                + "\n";

        List<ServerStat> servers = StatCsv.servers(csv, "conduit_servers");

        assertThat(servers).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("DOWN");
            assertThat(s.responseTimeMs()).isEqualTo(7);
        });
        assertThat(StatCsv.rows(csv).get(0)).containsEntry("check_desc",
                "Layer4 connection problem, info: \"Connection refused\"");
    }

    @Test
    void readsShowInfo() {
        assertThat(StatCsv.info("Name: HAProxy\nVersion: 2.6.12\nUptime_sec: 42\n"))
                .containsEntry("Version", "2.6.12").containsEntry("Uptime_sec", "42");
    }

    private static String fixture(String name) throws IOException {
        return new String(Objects.requireNonNull(StatCsvTest.class.getResourceAsStream("/fixtures/" + name))
                .readAllBytes(), StandardCharsets.UTF_8);
    }
}
