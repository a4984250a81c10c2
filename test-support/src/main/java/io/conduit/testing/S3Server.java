package io.conduit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server on a free port: Gaul's s3proxy over a folder (each bucket a folder in
 * it, each object a file), in a JVM of its own with the class path the {@code test-s3-server} module
 * writes to its {@code target/classpath.txt}. It checks AWS signatures (V2 and V4) against one access
 * key made per server.
 */
public final class S3Server extends ExternalServer {

    private static final String MAIN = "org.gaul.s3proxy.Main";

    private final Path dir;
    private final int port;
    private final String accessKey = "conduit-test";
    private final String secretKey = "s3-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    public S3Server() {
        try {
            this.dir = Files.createTempDirectory("conduit-s3-");
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = FreePorts.next();
    }

    /** Starts it and waits until it answers. */
    public S3Server start() {
        try {
            Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        process = ExternalProcess.start("s3proxy :" + port, List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", ExternalProcess.moduleClassPath("test-s3-server", "conduit.s3.classpath", "s3proxy"),
                MAIN, "--properties", dir.resolve("s3proxy.properties").toString()), dir, dir.resolve("s3proxy.out"),
                Map.of()).awaitReady(() -> {
                    try {
                        // an unsigned request: refused, but answered once it serves
                        return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 403;
                    } catch (IOException e) {
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }, Duration.ofSeconds(60));
        return this;
    }

    /** Makes a bucket: a folder of the store. */
    public Path bucket(String name) {
        try {
            return Files.createDirectories(dir.resolve("data").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:port} */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }
}
