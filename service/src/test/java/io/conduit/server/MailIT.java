package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.redis.Redis;
import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import io.conduit.server.testing.TestRedis;
import io.conduit.testing.Await;
import io.conduit.testing.FreePorts;
import io.conduit.testing.MailServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IMAP channels and outgoing SMTP connections on two nodes against a real mail server (GreenMail,
 * over sockets): a mail with an attachment is received by one node, once, and answered with the
 * attachment; a failing mail is flagged and left unseen; a wrong password and a server that is
 * not there are said clearly, naming the connection.
 */
class MailIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MailServer server;
    private static TestCluster cluster;
    private static TestNode node;
    private static TestNode two;
    private static Redis redis;

    @BeforeAll
    static void start() {
        server = new MailServer().start().user("orders@example.com", "orders", "orders-pw")
                .user("partner@example.com", "partner", "partner-pw").user("conduit@example.com", "conduit", "smtp-pw")
                .user("archive@example.com", "archive", "archive-pw");
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        two = cluster.start("server2");
        redis = TestRedis.client(cluster.redis());
        Reply deployed = node.admin("POST", "/conduit/admin/services", Fixtures.text("services/AnswerMail.java"));
        assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        created(node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Notify\", \"address\": \"smtp://127.0.0.1:"
                + server.smtpPort() + "\", \"starttls\": false, \"user\": \"conduit\", \"password\": \"smtp-pw\","
                + " \"from\": \"Conduit <conduit@example.com>\"}"));
        created(node.admin("POST", "/conduit/admin/channels/imap", "{\"name\": \"orders-mailbox\", \"address\":"
                + " \"imap://127.0.0.1:" + server.imapPort() + "\", \"starttls\": false, \"user\": \"orders\","
                + " \"password\": \"orders-pw\", \"pollEvery\": \"200ms\", \"service\": \"fixtures.answer-mail\"}"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static void send(String subject, String attachment) throws Exception {
        send("orders@example.com", subject, attachment);
    }

    private static void send(String to, String subject, String attachment) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(server.smtpPort()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("partner@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Orders attached.", "UTF-8");
        mixed.addBodyPart(text);
        if (attachment != null) {
            MimeBodyPart file = new MimeBodyPart();
            file.setContent(attachment, "text/csv; charset=UTF-8");
            file.setFileName("orders.csv");
            file.setDisposition(Part.ATTACHMENT);
            mixed.addBodyPart(file);
        }
        message.setContent(mixed);
        Transport.send(message);
    }

    private static List<Message> inbox(String user, String password) throws Exception {
        return folder(user, password, "INBOX");
    }

    private static List<Message> folder(String user, String password, String name) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.imapPort(), user, password);
        Folder inbox = store.getFolder(name);
        if (!inbox.exists()) {
            return List.of();
        }
        inbox.open(Folder.READ_ONLY);
        List<Message> all = new ArrayList<>(List.of(inbox.getMessages()));
        for (Message m : all) {
            m.getFlags();
            m.getSubject();
        }
        return all;
    }

    private static List<JsonNode> pollers() {
        List<JsonNode> rows = new ArrayList<>();
        node.admin("GET", "/conduit/admin/channels/imap/orders-mailbox/consumers", null).json().forEach(rows::add);
        return rows;
    }

    @Test
    void aMailWithAnAttachmentIsReceivedOnceAndAnsweredWithIt() throws Exception {
        Await.until(() -> pollers().size() == 2, Duration.ofSeconds(30));
        String csv = "id,amount\n1,20\n2,22\n";
        send("Orders 0412", csv);

        List<Message> answers = Await.value(() -> {
            try {
                List<Message> in = inbox("partner", "partner-pw");
                return in.isEmpty() ? null : in;
            } catch (Exception e) {
                return null;
            }
        }, Duration.ofSeconds(60));
        // both nodes polled several times since: the mail was handled once
        long polled = pollers().stream().mapToLong(r -> r.path("polls").asLong()).sum();
        Await.until(() -> pollers().stream().mapToLong(r -> r.path("polls").asLong()).sum() >= polled + 4,
                Duration.ofSeconds(30));
        assertThat(redis.pool().lrange("mails", 0, -1)).singleElement().asString()
                .startsWith("partner@example.com Orders 0412 orders.csv=");
        assertThat(inbox("partner", "partner-pw")).hasSize(1);
        Message answer = answers.get(0);
        assertThat(answer.getSubject()).isEqualTo("Re: Orders 0412");
        assertThat(((InternetAddress) answer.getFrom()[0]).getAddress()).isEqualTo("conduit@example.com");
        Multipart parts = (Multipart) answer.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(((String) parts.getBodyPart(0).getContent())).contains("Received 1 file(s)", "Orders attached.");
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("checked-orders.csv");
        // the same lines (MIME carries text with CRLF line ends)
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replace("\r\n", "\n").strip()).isEqualTo(csv.strip());
        assertThat(inbox("orders", "orders-pw")).singleElement()
                .satisfies(m -> assertThat(m.getFlags().contains(Flags.Flag.SEEN)).as("marked seen").isTrue());
        // each node's row is published every two seconds
        Await.until(() -> pollers().stream().mapToLong(r -> r.path("handled").asLong()).sum() == 1,
                Duration.ofSeconds(10), () -> pollers().toString());
    }

    @Test
    void aFailingMailIsFlaggedAndLeftUnseenAndBadLoginsAreSaidClearly() throws Exception {
        send("FAIL 0413", null);
        Await.until(() -> pollers().stream().anyMatch(r -> r.path("failed").asLong() == 1), Duration.ofSeconds(60));
        Message failed = inbox("orders", "orders-pw").stream().filter(m -> {
            try {
                return m.getSubject().equals("FAIL 0413");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(failed.getFlags().contains(Flags.Flag.SEEN)).as("left unseen").isFalse();
        assertThat(failed.getFlags().contains(Flags.Flag.FLAGGED)).isTrue();
        JsonNode row = pollers().stream().filter(r -> r.path("failed").asLong() == 1).findFirst().orElseThrow();
        assertThat(row.at("/last/error").asText()).contains("FAIL 0413", "fails on purpose");

        created(node.admin("POST", "/conduit/admin/channels/imap", "{\"name\": \"wrong-password\", \"address\":"
                + " \"imap://127.0.0.1:" + server.imapPort() + "\", \"starttls\": false, \"user\": \"orders\","
                + " \"password\": \"guess\", \"pollEvery\": \"200ms\", \"service\": \"fixtures.answer-mail\"}"));
        String error = Await.value(() -> {
            List<String> errors = new ArrayList<>();
            node.admin("GET", "/conduit/admin/channels/imap/wrong-password/consumers", null).json()
                    .forEach(r -> errors.add(r.path("error").asText()));
            return errors.stream().filter(e -> e.contains("refused")).findFirst().orElse(null);
        }, Duration.ofSeconds(30));
        assertThat(error).contains("refused the login of user 'orders'").doesNotContain("guess");
        node.admin("DELETE", "/conduit/admin/channels/imap/wrong-password", null);

        String nowhere = "smtp://127.0.0.1:" + FreePorts.next();
        created(node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Nowhere\", \"address\": \"" + nowhere
                + "\", \"starttls\": false, \"from\": \"conduit@example.com\", \"timeoutMs\": 2000}"));
        Reply ping = two.admin("POST", "/conduit/admin/outgoing/smtp/Nowhere/ping", null);
        assertThat(ping.json().path("ok").asBoolean()).as(ping.body()).isFalse();
        assertThat(ping.json().path("error").asText()).contains("'Nowhere'", nowhere);
        Reply good = two.admin("POST", "/conduit/admin/outgoing/smtp/Notify/ping", null);
        assertThat(good.json().path("ok").asBoolean()).as(good.body()).isTrue();
        Reply refused = node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Bad\", \"address\":"
                + " \"smtp://bob:pw@127.0.0.1\", \"from\": \"not an address\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("must not hold a user or password", "is not a mail address")
                .doesNotContain("bob:pw");
    }

    @Test
    void tlsIsCheckedAgainstTheConfiguredCertificatesAStarttlsThatCannotBeIsRefusedAndAFailedMailMoved() throws Exception {
        String cert = server.certificate().toString();
        created(node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Secure\", \"address\": \"smtps://127.0.0.1:"
                + server.smtpsPort() + "\", \"caFile\": \"" + cert + "\", \"user\": \"conduit\", \"password\": \"smtp-pw\","
                + " \"from\": \"conduit@example.com\"}"));
        Reply secure = two.admin("POST", "/conduit/admin/outgoing/smtp/Secure/ping", null);
        assertThat(secure.json().path("ok").asBoolean()).as(secure.body()).isTrue();

        created(node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Untrusted\", \"address\":"
                + " \"smtps://127.0.0.1:" + server.smtpsPort() + "\", \"from\": \"conduit@example.com\"}"));
        Reply untrusted = two.admin("POST", "/conduit/admin/outgoing/smtp/Untrusted/ping", null);
        assertThat(untrusted.json().path("ok").asBoolean()).as(untrusted.body()).isFalse();
        assertThat(untrusted.json().path("error").asText()).contains("'Untrusted'", "certificat");

        // GreenMail's plain SMTP does not offer STARTTLS: a connection that asks for it refuses to go on
        created(node.admin("POST", "/conduit/admin/outgoing/smtp", "{\"name\": \"Downgraded\", \"address\":"
                + " \"smtp://127.0.0.1:" + server.smtpPort() + "\", \"starttls\": true, \"caFile\": \"" + cert + "\","
                + " \"user\": \"conduit\", \"password\": \"smtp-pw\", \"from\": \"conduit@example.com\"}"));
        Reply downgraded = two.admin("POST", "/conduit/admin/outgoing/smtp/Downgraded/ping", null);
        assertThat(downgraded.json().path("ok").asBoolean()).as(downgraded.body()).isFalse();
        assertThat(downgraded.json().path("error").asText()).contains("'Downgraded'", "STARTTLS");

        // over IMAPS, a failing mail moved to the failure folder (made when missing)
        send("archive@example.com", "FAIL 0414", null);
        created(node.admin("POST", "/conduit/admin/channels/imap", "{\"name\": \"secure-mailbox\", \"address\":"
                + " \"imaps://127.0.0.1:" + server.imapsPort() + "\", \"caFile\": \"" + cert + "\", \"user\": \"archive\","
                + " \"password\": \"archive-pw\", \"pollEvery\": \"200ms\", \"service\": \"fixtures.answer-mail\","
                + " \"after\": \"move:Done\", \"onFailure\": \"move:Failed\"}"));
        List<Message> moved = Await.value(() -> {
            try {
                List<Message> in = folder("archive", "archive-pw", "Failed");
                return in.isEmpty() ? null : in;
            } catch (Exception e) {
                return null;
            }
        }, Duration.ofSeconds(60));
        assertThat(moved).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("FAIL 0414"));
        assertThat(inbox("archive", "archive-pw")).as("moved out of the folder polled").isEmpty();
        node.admin("DELETE", "/conduit/admin/channels/imap/secure-mailbox", null);
    }
}
