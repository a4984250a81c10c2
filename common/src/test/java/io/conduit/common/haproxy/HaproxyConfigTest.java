package io.conduit.common.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyConfigTest {

    private static final Path TEMPLATES = Path.of("../load-balancer/config/repo");

    @Test
    void theContainersConfigurationFillsEveryValueOfTheTemplate() throws Exception {
        String config = HaproxyConfig.containers(false).render(Files.readString(TEMPLATES.resolve(HaproxyConfig.FILE)),
                "s3cret", List.of());

        assertThat(config).doesNotContainPattern("\\{\\{[A-Z0-9_]+}}")
                .contains("stats socket /var/run/haproxy/haproxy.sock ")
                .contains("server-state-file /var/run/haproxy/server-state")
                .contains("errorfile 503 /usr/local/etc/haproxy/503.http")
                .contains("bind 0.0.0.0:11223\n")
                .contains("bind 0.0.0.0:11443 ssl crt /usr/local/etc/haproxy/tls/haproxy.pem")
                .contains("map(/usr/local/etc/haproxy/closing.map)")
                .contains("bind 0.0.0.0:11225\n")
                .contains("stats auth admin1:s3cret")
                .contains("# (none yet: the nodes join by themselves)")
                .contains("# http-request redirect location https://");
    }

    @Test
    void eachRenderingSendsAProofOfItsOwnBesideAClientSubjectWhichAnswersNeverShow() throws Exception {
        String template = Files.readString(TEMPLATES.resolve(HaproxyConfig.FILE));
        String one = HaproxyConfig.containers(false).render(template, "s3cret", List.of());
        String other = HaproxyConfig.containers(false).render(template, "s3cret", List.of());
        String proof = ClientProofs.of(one).orElseThrow();
        assertThat(proof).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(ClientProofs.of(other).orElseThrow());
        assertThat(one).contains("http-request del-header X-Conduit-Client-Proof")
                .contains("set-header X-Conduit-Client-Proof " + proof + " if { ssl_c_used } { ssl_c_verify 0 }");
        String masked = ClientProofs.masked(one, "****");
        assertThat(masked).doesNotContain(proof).contains("set-header X-Conduit-Client-Proof **** if");
        assertThat(ClientProofs.unmasked(masked, one, "****")).as("a masked proof sent back is put back").isEqualTo(one);
        assertThat(ClientProofs.of(ClientProofs.unmasked(masked.replace("****", "typed-anew"), one, "****")))
                .contains("typed-anew");
    }

    @Test
    void aWrittenRepoHasTheErrorPagesTheServersAndTheRedirectWhenHttpsOnly(@TempDir Path dir) throws Exception {
        HaproxyConfig layout = new HaproxyConfig("127.0.0.1", 21223, 21443, 21225, dir, dir.resolve("haproxy.sock"),
                dir.resolve("server-state"), dir.resolve("tls/haproxy.pem"), true);

        Path config = layout.write(TEMPLATES, dir, "pw", List.of(new HaproxyConfig.Server("server1", "127.0.0.1:17010"),
                new HaproxyConfig.Server("server2", "127.0.0.1:17011")));

        assertThat(Files.readString(config)).contains("    server server1 127.0.0.1:17010\n    server server2 127.0.0.1:17011\n")
                .contains("    http-request redirect location https://%[req.hdr(host),field(1,:)]:21443");
        assertThat(HaproxyConfig.httpsOnly(config)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .as("it holds admin1's password").isEqualTo("rw-------");
        for (String status : HaproxyConfig.ERROR_PAGES) {
            assertThat(dir.resolve(status + ".http")).hasSameTextualContentAs(TEMPLATES.resolve(status + ".http"));
        }
        assertThat(dir.resolve("closing.map")).isEmptyFile();
        HaproxyConfig plain = new HaproxyConfig("127.0.0.1", 21223, 21443, 21225, dir, dir.resolve("haproxy.sock"),
                dir.resolve("server-state"), dir.resolve("tls/haproxy.pem"), false);
        assertThat(HaproxyConfig.httpsOnly(plain.write(TEMPLATES, dir, "pw", List.of()))).isFalse();
    }
}
