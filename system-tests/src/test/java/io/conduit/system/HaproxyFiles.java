package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The files an HAProxy config made from the repository's template needs, for tests that make one by hand. */
final class HaproxyFiles {

    private HaproxyFiles() {
    }

    /** Copies the error pages of the config repo into {@code dir}, and makes an empty closing map there. */
    static void errorPages(Path dir) throws IOException {
        try (Stream<Path> pages = Files.list(Cluster.HOME.resolve("load-balancer/config/repo"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".http")).toList()) {
                Files.copy(page, dir.resolve(page.getFileName()));
            }
        }
        Files.writeString(dir.resolve("closing.map"), "");
    }

    /**
     * Makes a throwaway self-signed certificate and key for {@code name} with openssl.
     *
     * @return {@code dir/haproxy.pem}: certificate and key in one file, as HAProxy's {@code crt} takes them
     */
    static Path selfSignedPem(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Cluster.Result made = Cluster.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out",
                dir.resolve("cert.pem").toString(), "-days", "1", "-subj", "/CN=" + name), Map.of());
        assertThat(made.exit()).as(made.output()).isZero();
        Path pem = dir.resolve("haproxy.pem");
        Files.writeString(pem, Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("key.pem")));
        return pem;
    }
}
