package io.conduit.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Kafka broker of its own: one KRaft node (broker and controller) from Maven Central's
 * {@code kafka_2.13}, in a JVM of its own, in a temporary directory on free ports. The calling test's
 * module has {@code org.apache.kafka:kafka_2.13} on its test class path; the broker runs with that
 * class path. Its storage is formatted by Kafka's own storage tool, which needs the argparse4j it was
 * built with, 0.7.0, first on its class path: the module copies it to {@code target/kafka-tools} (its
 * pom.xml says how). Beside its plain listener it has one that takes SASL PLAIN only, with a user whose
 * password is made per broker. Topics are made on first use with 3 partitions. It keeps its data across
 * {@link #stop()} and {@link #start()}.
 */
public final class KafkaServer extends ExternalServer {

    /** The one user of the SASL listener. */
    public static final String SASL_USER = "conduit";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final String saslPassword;
    private boolean formatted;

    public KafkaServer() {
        try {
            Class.forName("kafka.Kafka", false, KafkaServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a Kafka test needs org.apache.kafka:kafka_2.13 on the test class path"
                    + " (scope test in this module's pom.xml), which runs the broker", e);
        }
        try {
            this.dir = Files.createTempDirectory("conduit-kafka-");
            this.port = FreePorts.next();
            this.controllerPort = FreePorts.next();
            this.saslPort = FreePorts.next();
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            this.saslPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL://127.0.0.1:" + saslPort
                            + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL://127.0.0.1:" + saslPort,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "sasl.enabled.mechanisms=PLAIN",
                    "listener.name.sasl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required user_" + SASL_USER + "=\"" + saslPassword + "\";",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=3",
                    "auto.create.topics.enable=true",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    ""));
            // the broker logs what it does at start and its warnings; the rest would be noise
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it (formatting its storage the first time) and waits until it serves. */
    public KafkaServer start() {
        if (!formatted) {
            String clusterId;
            do {
                byte[] id = new byte[16];
                new SecureRandom().nextBytes(id);
                clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
                // one id in 64 starts with '-', which the storage tool takes for an option (Kafka's own Uuid
                // skips those too)
            } while (clusterId.startsWith("-"));
            run("kafka-storage format", java(tools() + File.pathSeparator + System.getProperty("java.class.path"),
                    List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                            dir.resolve("server.properties").toString())), dir.resolve("format.out"));
            formatted = true;
        }
        process = ExternalProcess.start("kafka :" + port, java(System.getProperty("java.class.path"), List.of("kafka.Kafka",
                dir.resolve("server.properties").toString())), dir, dir.resolve("kafka.out"))
                .awaitReady(this::started, Duration.ofSeconds(90));
        return this;
    }

    private boolean started() {
        try {
            return FreePorts.listening(port) && Files.readString(dir.resolve("kafka.out")).contains("Kafka Server started");
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the jars of {@code target/kafka-tools}, as a class path */
    private static String tools() {
        Path tools = Path.of("target/kafka-tools").toAbsolutePath();
        try (Stream<Path> jars = Files.list(tools)) {
            return jars.filter(j -> j.toString().endsWith(".jar")).map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new IllegalStateException("Kafka's storage tool needs argparse4j 0.7.0 in " + tools + ", which is"
                    + " missing: copy it there as service/pom.xml does (maven-dependency-plugin, execution kafka-tools)", e);
        }
    }

    private List<String> java(String classPath, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", classPath));
        command.addAll(mainAndArgs);
        return command;
    }

    private void run(String name, List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not finish in 60 s: " + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(name + " failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the address of the listener that takes SASL PLAIN only, as {@link #SASL_USER} with {@link #saslPassword()} */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** @return the password of {@link #SASL_USER}, made for this broker */
    public String saslPassword() {
        return saslPassword;
    }

    /** @return the bootstrap address, {@code 127.0.0.1:port} */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }
}
