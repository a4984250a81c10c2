package io.conduit.common.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one maker of a cluster's TLS material: its own certificate authority ({@code ca.crt},
 * {@code ca.key}) and HAProxy's server certificate signed by it ({@code server.crt},
 * {@code server.key}, and {@code haproxy.pem}: the certificate, the CA and the key in one file, as
 * HAProxy's {@code crt} reads it). EC P-256, made with openssl; keys are readable by their owner
 * only. {@code bin/conduit quickstart}, the containers' {@code init} and the tests all make it here;
 * a user's own certificate replaces {@code haproxy.pem}.
 */
public final class ClusterCertificates {

    /** The file HAProxy serves HTTPS with. */
    public static final String PEM = "haproxy.pem";
    /** The cluster's CA certificate, which clients trust. */
    public static final String CA = "ca.crt";
    /**
     * The CAs whose client certificates HAProxy verifies on its HTTPS port (mutual TLS): at first the
     * cluster's own CA; the operator puts the CA of the partners' certificates here.
     */
    public static final String CLIENT_CA = "clients-ca.crt";
    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");

    private ClusterCertificates() {
    }

    /**
     * Makes the material in {@code dir} unless {@code haproxy.pem} exists there.
     *
     * @param caName the CA's common name, as clients show it
     * @param names what the server certificate is valid for: host names and IP addresses; the first is its common name
     * @param openssl the openssl program
     * @return whether it was made
     * @throws IllegalStateException when openssl fails, with what it said
     */
    public static boolean ensure(Path dir, String caName, List<String> names, Path openssl) {
        if (Files.exists(dir.resolve(PEM))) {
            ensureClientCa(dir);
            return false;
        }
        try {
            Files.createDirectories(dir);
            String altNames = names.stream().map(n -> (IP.matcher(n).matches() ? "IP:" : "DNS:") + n)
                    .collect(Collectors.joining(", "));
            Path ext = Files.writeString(dir.resolve("server.ext"), String.join("\n",
                    "basicConstraints = critical, CA:FALSE",
                    "keyUsage = critical, digitalSignature, keyEncipherment",
                    "extendedKeyUsage = serverAuth",
                    "subjectAltName = " + altNames, ""));
            String o = openssl.toString();
            run(dir, o, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "ca.key", "-out", CA, "-days", "3650", "-subj", "/CN=" + caName,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            run(dir, o, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + names.get(0));
            run(dir, o, "x509", "-req", "-in", "server.csr", "-CA", CA, "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "825", "-extfile", ext.getFileName().toString());
            Files.delete(dir.resolve("server.csr"));
            Files.delete(ext);
            Files.deleteIfExists(dir.resolve("ca.srl"));
            for (String key : List.of("ca.key", "server.key")) {
                Files.setPosixFilePermissions(dir.resolve(key), PosixFilePermissions.fromString("rw-------"));
            }
            String pem = Files.readString(dir.resolve("server.crt")) + Files.readString(dir.resolve(CA))
                    + Files.readString(dir.resolve("server.key"));
            Path file = dir.resolve(PEM);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.UTF_8);
            ensureClientCa(dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the cluster's certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes {@link #CLIENT_CA} when it is missing (material made before mutual TLS came): the cluster's
     * CA, or the certificates of {@code haproxy.pem} when there is no CA beside it.
     */
    private static void ensureClientCa(Path dir) {
        Path clientCa = dir.resolve(CLIENT_CA);
        if (Files.exists(clientCa)) {
            return;
        }
        try {
            String certificates = Files.exists(dir.resolve(CA)) ? Files.readString(dir.resolve(CA))
                    : TrustedCertificates.certificatesOf(Files.readString(dir.resolve(PEM)));
            Files.writeString(clientCa, certificates, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + clientCa + ": " + e.getMessage(), e);
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl could not make the cluster's certificates in " + dir + " ("
                        + String.join(" ", List.of(command).subList(0, 3)) + "...): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the cluster's certificates", e);
        }
    }
}
