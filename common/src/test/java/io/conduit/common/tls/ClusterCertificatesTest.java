package io.conduit.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.testing.Binaries;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCertificatesTest {

    @Test
    void haproxysCertificateIsSignedByTheClustersCaForEachNameAndItsKeysAreTheOwnersOnly(@TempDir Path dir)
            throws Exception {
        assertThat(ClusterCertificates.ensure(dir, "Conduit cluster CA (test)", List.of("localhost", "haproxy",
                "127.0.0.1"), Binaries.require("openssl"))).isTrue();

        X509Certificate ca = certificate(dir.resolve(ClusterCertificates.CA));
        X509Certificate served = certificate(dir.resolve(ClusterCertificates.PEM));
        served.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(served.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Conduit cluster CA (test)");
        assertThat(served.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(served.getSubjectAlternativeNames()).extracting(n -> n.get(0) + " " + n.get(1))
                .containsExactly("2 localhost", "2 haproxy", "7 127.0.0.1");
        assertThat(Files.readString(dir.resolve(ClusterCertificates.PEM))).contains("PRIVATE KEY");
        for (String secret : List.of("ca.key", "server.key", ClusterCertificates.PEM)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(dir.resolve("server.csr")).doesNotExist();

        assertThat(Files.readString(dir.resolve(ClusterCertificates.CLIENT_CA))).as("client certificates: the cluster's CA")
                .isEqualTo(Files.readString(dir.resolve(ClusterCertificates.CA)));

        byte[] before = Files.readAllBytes(dir.resolve(ClusterCertificates.PEM));
        Files.delete(dir.resolve(ClusterCertificates.CLIENT_CA));
        assertThat(ClusterCertificates.ensure(dir, "another", List.of("x"), Binaries.require("openssl"))).isFalse();
        assertThat(Files.readAllBytes(dir.resolve(ClusterCertificates.PEM))).as("kept").isEqualTo(before);
        assertThat(dir.resolve(ClusterCertificates.CLIENT_CA)).as("made for material made before it").exists();
    }

    @Test
    void anOpensslThatFailsIsNamedWithWhatItSaid(@TempDir Path dir) {
        assertThatThrownBy(() -> ClusterCertificates.ensure(dir, "CA", List.of("localhost"), Path.of("/bin/false")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openssl could not make the cluster's certificates in " + dir);
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
