package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.testing.Await;
import io.conduit.testing.MailServer;
import io.conduit.testing.PostgresServer;
import io.conduit.testing.SshServer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partner-drop example (examples/partner-drop), applied with the CLI as docs/INTEGRATIONS.md
 * says, against a real sshd, PostgreSQL and mail server: a CSV dropped on the SFTP server becomes
 * rows and a summary mail; a CSV with a bad row writes nothing and lands in failed/ with its error.
 */
class PartnerDropIT {

    private static SshServer sshd;
    private static MailServer mail;
    private static PostgresServer postgres;
    private static TestCluster cluster;
    private static TestNode node;
    private static Path outbox;

    @BeforeAll
    static void start() throws Exception {
        sshd = new SshServer().start();
        mail = new MailServer().start();
        postgres = new PostgresServer().start();
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        outbox = Files.createDirectories(Files.createTempDirectory("conduit-partner-").resolve("outbox"));

        ProcessBuilder apply = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.conduit.cli.ConduitCli", "apply",
                "--url", "http://127.0.0.1:" + node.port(), "--credentials",
                cluster.dir().resolve("admin.credentials").toString(),
                Path.of("..", "examples", "partner-drop", "config").toString()).redirectErrorStream(true);
        apply.environment().put("PARTNER_SFTP", "sftp://127.0.0.1:" + sshd.port() + outbox);
        apply.environment().put("PARTNER_SFTP_USER", sshd.user());
        apply.environment().put("PARTNER_SFTP_KEY", sshd.clientKey());
        apply.environment().put("PARTNER_HOST_KEY", sshd.hostKeyFingerprint());
        apply.environment().put("PARTNER_DB_URL", postgres.jdbcUrl());
        apply.environment().put("PARTNER_DB_USER", postgres.user());
        apply.environment().put("SMTP", "smtp://127.0.0.1:" + mail.smtpPort());
        apply.environment().put("PARTNER_NOTIFY", "billing@example.com");
        Process process = apply.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("+ channels-file 'partner-drop' (new)", "+ outgoing-smtp 'Notify' (new)",
                "+ security 'partner-key' (new)");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {cluster, sshd, mail, postgres}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception ignored) {
                // the others close all the same
            }
        }
    }

    @Test
    void aCsvDroppedOnSftpBecomesRowsAndASummaryMailAndABadOneWritesNothing() throws Exception {
        Files.writeString(outbox.resolve("orders-0412.csv"), "order_id,customer,amount\nP-1,Acme,20.50\nP-2,Globex,22\n");
        List<MimeMessage> received = Await.value(() -> mail.received().isEmpty() ? null : mail.received(),
                Duration.ofSeconds(60));
        MimeMessage summary = received.get(0);
        assertThat(summary.getAllRecipients()[0].toString()).isEqualTo("billing@example.com");
        assertThat(summary.getSubject()).isEqualTo("Partner orders: orders-0412.csv, 2 rows");
        assertThat((String) summary.getContent()).contains("2 orders, total 42.50");
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
             ResultSet rows = db.createStatement().executeQuery(
                     "SELECT order_id, customer, amount FROM partner_orders ORDER BY order_id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + " " + rows.getString(2) + " " + rows.getBigDecimal(3)).isEqualTo("P-1 Acme 20.50");
            assertThat(rows.next()).isTrue();
            assertThat(rows.next()).isFalse();
        }
        // the file is moved once the service has returned, a moment after it sent the mail
        Await.until(() -> Files.exists(outbox.resolve("done/orders-0412.csv")), Duration.ofSeconds(10));

        Files.writeString(outbox.resolve("orders-0413.csv"), "order_id,customer,amount\nP-3,Initech,5\nP-4,Umbrella,lots\n");
        Await.until(() -> Files.exists(outbox.resolve("failed/orders-0413.csv.error")), Duration.ofSeconds(60));
        assertThat(Files.readString(outbox.resolve("failed/orders-0413.csv.error")))
                .contains("orders-0413.csv line 3: amount 'lots' is not a number");
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
             ResultSet count = db.createStatement().executeQuery("SELECT count(*) FROM partner_orders")) {
            count.next();
            assertThat(count.getInt(1)).as("the bad file's good row was rolled back with it").isEqualTo(2);
        }
        assertThat(mail.received()).hasSize(1);
    }
}
