package io.conduit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's TLS material in {@code <cluster>/load-balancer/tls/}: its own certificate
 * authority ({@code ca.crt}, {@code ca.key}) and HAProxy's server certificate for
 * {@code localhost} and {@code 127.0.0.1}, signed by it ({@code server.crt}, {@code server.key},
 * and {@code haproxy.pem}, the certificate, the CA and the key in one file, as HAProxy reads it).
 * Keys are mode 0600. Made with openssl (EC P-256); a user's own certificate replaces
 * {@code haproxy.pem}.
 */
final class ClusterTls {

    static final String DIR = "load-balancer/tls";
    static final String PEM = "haproxy.pem";

    private ClusterTls() {
    }

    /**
     * Makes the material unless {@code haproxy.pem} exists (a cluster made before TLS gets it on
     * its next start).
     *
     * @param openssl the openssl program
     * @return whether it was made
     */
    static boolean ensure(Path cluster, Path openssl) {
        Path tls = cluster.resolve(DIR);
        if (Files.exists(tls.resolve(PEM))) {
            return false;
        }
        try {
            Files.createDirectories(tls);
            Path ext = Files.writeString(tls.resolve("server.ext"), String.join("\n",
                    "basicConstraints = critical, CA:FALSE",
                    "keyUsage = critical, digitalSignature, keyEncipherment",
                    "extendedKeyUsage = serverAuth",
                    "subjectAltName = DNS:localhost, IP:127.0.0.1", ""));
            String cn = "Conduit cluster CA (" + cluster.getFileName() + ")";
            run(tls, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650", "-subj", "/CN=" + cn,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            run(tls, openssl.toString(), "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
            run(tls, openssl.toString(), "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "825", "-extfile", ext.getFileName().toString());
            Files.delete(tls.resolve("server.csr"));
            Files.delete(ext);
            Files.deleteIfExists(tls.resolve("ca.srl"));
            String pem = Files.readString(tls.resolve("server.crt")) + Files.readString(tls.resolve("ca.crt"))
                    + Files.readString(tls.resolve("server.key"));
            Path file = tls.resolve(PEM);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.UTF_8);
            for (String key : List.of("ca.key", "server.key")) {
                Files.setPosixFilePermissions(tls.resolve(key), PosixFilePermissions.fromString("rw-------"));
            }
            return true;
        } catch (IOException e) {
            throw new CliException("cannot make the cluster's certificates in " + tls + ": " + e.getMessage());
        }
    }

    /** @return whether the cluster's HAProxy config redirects plain HTTP to HTTPS */
    static boolean httpsOnly(Path haproxyConfig) {
        try {
            return Files.readAllLines(haproxyConfig).stream()
                    .anyMatch(l -> l.stripLeading().startsWith("http-request redirect location https://"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new CliException("openssl could not make the cluster's certificates (" + String.join(" ",
                        new ArrayList<>(List.of(command)).subList(0, 3)) + "...): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
