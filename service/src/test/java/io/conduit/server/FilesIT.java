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
import io.conduit.testing.FtpServer;
import io.conduit.testing.S3Server;
import io.conduit.testing.SshServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File channels and outgoing file connections on two nodes, against a real OpenSSH sshd (SFTP) and
 * a real vsftpd (FTP) and a real S3-compatible server (s3proxy) of the test's own, and local folders: each file handled once across the cluster, a failed file moved
 * with its error beside it and run again, a file still being written left alone, a large file
 * streamed, a host key that is not the configured one and a refused login said clearly.
 */
class FilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SshServer sshd;
    private static FtpServer ftpd;
    private static S3Server s3;
    private static TestCluster cluster;
    private static TestNode node;
    private static TestNode two;
    private static Redis redis;
    private static Path root;

    @BeforeAll
    static void start() throws IOException {
        sshd = new SshServer().start();
        ftpd = new FtpServer().start();
        s3 = new S3Server().start();
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        two = cluster.start("server2");
        redis = TestRedis.client(cluster.redis());
        root = Files.createTempDirectory("conduit-files-it-");
        for (String service : List.of("TakeFile", "Files")) {
            Reply deployed = node.admin("POST", "/conduit/admin/services", Fixtures.text("services/" + service + ".java"));
            assertThat(deployed.status()).as(deployed.body()).isLessThan(300);
        }
        created(node.admin("POST", "/conduit/admin/security", "{\"type\": \"ssh-key\", \"name\": \"drop-key\","
                + " \"username\": \"" + sshd.user() + "\", \"privateKey\": " + JSON.writeValueAsString(sshd.clientKey())
                + "}"));
        created(node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"files\", \"urlPath\": \"/files\","
                + " \"service\": \"fixtures.files\", \"method\": \"POST\"}"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (ftpd != null) {
            ftpd.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void clean() {
        redis.pool().del("files", "holding");
    }

    private static void created(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static String sftp(Path folder) {
        return "sftp://127.0.0.1:" + sshd.port() + folder;
    }

    private static void channel(String name, String address, String more) {
        created(node.admin("POST", "/conduit/admin/channels/file", "{\"name\": \"" + name + "\", \"address\": \""
                + address + "\", \"service\": \"fixtures.take-file\", \"pollEvery\": \"200ms\"" + more + "}"));
    }

    private static String sftpLogin() {
        return ", \"security\": \"drop-key\", \"hostKey\": \"" + sshd.hostKeyFingerprint() + "\"";
    }

    private static List<String> handled() {
        return redis.pool().lrange("files", 0, -1);
    }

    private static List<JsonNode> history(String channel) {
        Reply reply = node.admin("GET", "/conduit/admin/channels/file/" + channel + "/history", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.json().forEach(rows::add);
        return rows;
    }

    private static List<JsonNode> pollers(String channel) {
        List<JsonNode> rows = new ArrayList<>();
        node.admin("GET", "/conduit/admin/channels/file/" + channel + "/consumers", null).json().forEach(rows::add);
        return rows;
    }

    /** @return the error of a node's poller of a channel once it holds {@code text} */
    private static String errorOf(String channel, String text) {
        return Await.value(() -> pollers(channel).stream().map(r -> r.path("error").asText())
                .filter(e -> e.contains(text)).findFirst().orElse(null), Duration.ofSeconds(30));
    }

    private static long polls(String channel) {
        return pollers(channel).stream().mapToLong(r -> r.path("polls").asLong()).sum();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void twoHundredFilesDroppedWhileTwoNodesPollAreEachHandledOnce() throws Exception {
        Path drop = Files.createDirectories(root.resolve("bulk"));
        channel("bulk", sftp(drop), sftpLogin() + ", \"pattern\": \"*.csv\"");
        Await.until(() -> pollers("bulk").size() == 2 && pollers("bulk").stream()
                .allMatch(r -> r.path("state").asText().equals("polling")), Duration.ofSeconds(30));

        Map<String, String> sums = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            byte[] content = ("id,amount\n" + i + "," + (i * 7) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(drop.resolve("order-" + i + ".csv"), content);
            sums.put("order-" + i + ".csv", sha256(content));
        }
        Files.writeString(drop.resolve("notes.txt"), "not a csv: left alone");
        Await.until(() -> redis.pool().llen("files") >= 200, Duration.ofSeconds(120),
                () -> handled().size() + " handled; pollers " + pollers("bulk"));
        // let both nodes poll twice more: a file handled twice would show up by then
        long polled = polls("bulk");
        Await.until(() -> polls("bulk") >= polled + 4, Duration.ofSeconds(30));

        List<String> lines = handled();
        assertThat(lines).hasSize(200);
        Map<String, String> seen = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertThat(seen.put(parts[0], parts[2])).as(parts[0] + " handled once").isNull();
            assertThat(parts[3]).as("a small CSV is the payload as text too").isEqualTo("STRING");
        }
        assertThat(seen).isEqualTo(sums);
        assertThat(names(drop.resolve("done"))).hasSize(200);
        assertThat(names(drop)).containsExactlyInAnyOrder("done", "notes.txt");
        List<JsonNode> history = history("bulk");
        assertThat(history).hasSize(200).allMatch(h -> h.path("outcome").asText().equals("ok"));
        assertThat(history.stream().map(h -> h.path("node").asText()).distinct())
                .as("both nodes took files").containsExactlyInAnyOrder("server1", "server2");
        assertThat(history.get(0).path("now").asText()).startsWith(drop.resolve("done") + "/");
    }

    @Test
    void aFailingFileIsMovedWithItsErrorBesideItWhileTheOthersFlowAndRunsAgainOnceFixed() throws Exception {
        Path drop = Files.createDirectories(root.resolve("local"));
        channel("local", "file://" + drop, ", \"after\": \"delete\", \"maxSize\": 1000");
        Files.writeString(drop.resolve("huge.txt"), "x".repeat(1001));
        Files.writeString(drop.resolve("bad.csv"), "FAIL,1\n");
        for (int i = 0; i < 5; i++) {
            Files.writeString(drop.resolve("good-" + i + ".json"), "{\"n\": " + i + "}");
        }
        Await.until(() -> redis.pool().llen("files") >= 5 && Files.exists(drop.resolve("failed/bad.csv.error"))
                        && Files.exists(drop.resolve("failed/huge.txt.error")),
                Duration.ofSeconds(60), () -> handled() + " " + history("local"));
        assertThat(handled()).allMatch(line -> line.split(" ")[3].equals("OBJECT"));
        assertThat(names(drop)).as("handled files deleted, the failed one moved").containsExactly("failed");
        assertThat(Files.readString(drop.resolve("failed/huge.txt.error"))).contains("1001 bytes",
                "over the channel's maxSize of 1000");
        assertThat(handled()).noneMatch(line -> line.startsWith("huge.txt"));
        Files.delete(drop.resolve("failed/huge.txt"));
        Files.delete(drop.resolve("failed/huge.txt.error"));
        assertThat(names(drop.resolve("failed"))).containsExactly("bad.csv", "bad.csv.error");
        JsonNode failed = history("local").stream().filter(h -> h.path("file").asText().equals("bad.csv"))
                .findFirst().orElseThrow();
        assertThat(failed.path("outcome").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("bad.csv fails on purpose");
        assertThat(Files.readString(drop.resolve("failed/bad.csv.error"))).contains("cid: " + failed.path("id").asText(),
                "bad.csv fails on purpose");
        assertThat(history("local").stream().filter(h -> h.path("outcome").asText().equals("ok"))
                .allMatch(h -> h.path("now").isNull())).as("deleted files lie nowhere").isTrue();

        // still failing: it stays where it is, its error written again
        Reply again = node.admin("POST", "/conduit/admin/channels/file/local/history/" + failed.path("id").asText()
                + "/rerun", null);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("outcome").asText()).isEqualTo("failed");
        assertThat(again.json().path("rerunOf").asText()).isEqualTo(failed.path("id").asText());
        assertThat(names(drop.resolve("failed"))).containsExactly("bad.csv", "bad.csv.error");
        Reply third = node.admin("POST", "/conduit/admin/channels/file/local/history/" + failed.path("id").asText()
                + "/rerun", null);
        assertThat(third.json().path("outcome").asText()).as("a file may run again as often as it takes, " + third.body())
                .isEqualTo("failed");

        // the operator fixes the data and runs it again: handled, deleted (after: delete), its error gone
        Files.writeString(drop.resolve("failed/bad.csv"), "GOOD,1\n");
        Reply fixed = node.admin("POST", "/conduit/admin/channels/file/local/history/" + failed.path("id").asText()
                + "/rerun", null);
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().path("outcome").asText()).isEqualTo("ok");
        assertThat(handled()).anyMatch(line -> line.startsWith("bad.csv 7 "));
        assertThat(names(drop.resolve("failed"))).isEmpty();

        Reply gone = node.admin("POST", "/conduit/admin/channels/file/local/history/" + fixed.json().path("id").asText()
                + "/rerun", null);
        assertThat(gone.status()).as(gone.body()).isEqualTo(409);
        assertThat(gone.json().path("error").asText()).contains("deleted", "nothing to run again");
        Reply unknown = node.admin("POST", "/conduit/admin/channels/file/local/history/nope/rerun", null);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    }

    @Test
    void aFileStillBeingWrittenIsLeftAloneAndALargeOneIsStreamed() throws Exception {
        Path drop = Files.createDirectories(root.resolve("growing"));
        channel("growing", sftp(drop), sftpLogin() + ", \"pollEvery\": \"500ms\"");
        Await.until(() -> polls("growing") >= 2, Duration.ofSeconds(30));
        Random random = new Random(7);
        byte[] chunk = new byte[64 * 1024];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Path file = drop.resolve("big.bin");
        // 3 MB written in 48 pieces over about 2.4 s: every listing finds it larger than the one before
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            for (int i = 0; i < 48; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
                out.flush();
                sha.update(chunk);
                LockSupport.parkNanos(50_000_000); // the writer's pace, not a wait for a condition
            }
        }
        Await.until(() -> history("growing").size() == 1, Duration.ofSeconds(60));
        String[] line = handled().get(0).split(" ");
        assertThat(line[0]).isEqualTo("big.bin");
        assertThat(line[1]).as("the whole file, not a part of it").isEqualTo(String.valueOf(48 * 64 * 1024));
        assertThat(line[2]).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThat(line[3]).as("a large file is streamed, not the payload").isEqualTo("NULL");
        assertThat(line[4]).isEqualTo(String.valueOf(48 * 64 * 1024));
        assertThat(handled()).hasSize(1);
    }

    @Test
    void aServerPresentingAnotherHostKeyOrRefusingTheLoginIsSaidClearly() throws Exception {
        Path drop = Files.createDirectories(root.resolve("guarded"));
        Files.writeString(drop.resolve("a.csv"), "1\n");
        String presented = sshd.hostKeyFingerprint();
        String other = "SHA256:" + "A".repeat(43);
        channel("imposter", sftp(drop), ", \"security\": \"drop-key\", \"hostKey\": \"" + other + "\"");
        Await.until(() -> pollers("imposter").size() == 2 && pollers("imposter").stream()
                .allMatch(r -> r.path("state").asText().equals("not connected")), Duration.ofSeconds(30));
        assertThat(pollers("imposter").get(0).path("error").asText()).contains(presented, other, "refused");

        channel("unpinned", sftp(drop), ", \"security\": \"drop-key\"");
        assertThat(errorOf("unpinned", presented)).contains("no hostKey is configured", "set hostKey");

        created(node.admin("POST", "/conduit/admin/security", "{\"type\": \"ssh-key\", \"name\": \"stranger\","
                + " \"username\": \"" + sshd.user() + "\", \"privateKey\": " + JSON.writeValueAsString(sshd.strangerKey())
                + "}"));
        channel("stranger", sftp(drop), ", \"security\": \"stranger\", \"hostKey\": \"" + presented + "\"");
        assertThat(errorOf("stranger", "refused")).contains("refused the login", sshd.user());
        assertThat(names(drop)).as("nothing taken, nothing moved").containsExactly("a.csv");
        assertThat(handled()).isEmpty();

        Reply lacking = node.admin("POST", "/conduit/admin/channels/file", "{\"name\": \"anonymous\", \"address\": \""
                + sftp(drop) + "\", \"service\": \"fixtures.take-file\"}");
        assertThat(lacking.status()).as(lacking.body()).isEqualTo(400);
        assertThat(lacking.body()).contains("security", "needs a login");
        Reply userInAddress = node.admin("POST", "/conduit/admin/channels/file", "{\"name\": \"leaky\", \"address\":"
                + " \"sftp://bob:secret@127.0.0.1/x\", \"security\": \"drop-key\", \"service\": \"fixtures.take-file\"}");
        assertThat(userInAddress.status()).as(userInAddress.body()).isEqualTo(400);
        assertThat(userInAddress.body()).contains("must not hold a user or password").doesNotContain("secret");
        for (String name : List.of("imposter", "unpinned", "stranger")) {
            node.admin("DELETE", "/conduit/admin/channels/file/" + name, null);
        }
    }

    @Test
    void anOutgoingFileConnectionPutsGetsListsAndDeletesOnSftpAndLocalFolders() throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        created(node.admin("POST", "/conduit/admin/outgoing/files", "{\"name\": \"Partner\", \"address\": \""
                + sftp(out) + "\", \"security\": \"drop-key\", \"hostKey\": \"" + sshd.hostKeyFingerprint() + "\"}"));
        created(node.admin("POST", "/conduit/admin/outgoing/files", "{\"name\": \"Archive\", \"address\": \"file://"
                + out.resolve("archive") + "\"}"));
        Files.createDirectories(out.resolve("archive"));
        for (String connection : List.of("Partner", "Archive")) {
            Reply put = files(connection, "put", "reports/today.csv", "a,b\n1,2\n");
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            Reply got = files(connection, "get", "reports/today.csv", null);
            assertThat(got.json().path("content").asText()).isEqualTo("a,b\n1,2\n");
            Reply listed = files(connection, "list", "reports", null);
            assertThat(listed.json().path("entries")).hasSize(1);
            assertThat(listed.json().at("/entries/0/name").asText()).as(listed.body()).isEqualTo("today.csv");
            assertThat(listed.json().at("/entries/0/size").asLong()).isEqualTo(8);
            Reply missing = files(connection, "get", "reports/none.csv", null);
            assertThat(missing.status()).as(missing.body()).isEqualTo(502);
            assertThat(missing.json().path("error").asText()).contains("'" + connection + "'", "reports/none.csv",
                    "no such file");
            assertThat(files(connection, "delete", "reports/today.csv", null).status()).isEqualTo(200);
            assertThat(files(connection, "list", "reports", null).json().path("entries")).isEmpty();
            Reply ping = node.admin("POST", "/conduit/admin/outgoing/files/" + connection + "/ping", null);
            assertThat(ping.json().path("ok").asBoolean()).as(ping.body()).isTrue();
        }
        assertThat(Files.exists(out.resolve("reports"))).as("Partner wrote to the SFTP folder").isTrue();
        for (String connection : List.of("Partner", "Archive")) {
            Reply broken = files(connection, "put-broken", "reports/half.csv", null);
            assertThat(broken.status()).as(broken.body()).isEqualTo(502);
            assertThat(broken.json().path("error").asText()).contains("'" + connection + "'", "reports/half.csv",
                    "no space left on device");
        }
        assertThat(Files.exists(out.resolve("archive/reports"))).isTrue();
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.map(Path::toString)).as("no half file, no temporary file left behind")
                    .noneMatch(p -> p.endsWith(".part") || p.endsWith("half.csv"));
        }

        Reply wrongKey = node.admin("PUT", "/conduit/admin/outgoing/files/Partner", "{\"name\": \"Partner\", \"address\": \""
                + sftp(out) + "\", \"security\": \"drop-key\", \"hostKey\": \"SHA256:" + "B".repeat(43) + "\"}");
        assertThat(wrongKey.status()).as(wrongKey.body()).isEqualTo(200);
        Await.until(() -> files("Partner", "list", "", null).status() != 200, Duration.ofSeconds(10));
        Reply refused = files("Partner", "list", "", null);
        assertThat(refused.json().path("error").asText()).contains("'Partner'", sshd.hostKeyFingerprint());
    }

    private static Reply files(String connection, String op, String path, String content) {
        try {
            Map<String, Object> body = new HashMap<>(Map.of("connection", connection, "op", op, "path", path));
            if (content != null) {
                body.put("content", content);
            }
            return two.call("POST", "/files", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anFtpFolderIsPolledAndWrittenLikeTheOthersAndARefusedLoginIsSaidClearly() throws Exception {
        Path in = Files.createDirectories(ftpd.folder().resolve("in"));
        in.toFile().setWritable(true, false);
        channel("ftp-drop", "ftp://127.0.0.1:" + ftpd.port() + "/pub/in", ", \"pattern\": \"*.csv\"");
        Map<String, String> sums = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            byte[] content = ("id\n" + i + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(in.resolve("ftp-" + i + ".csv"), content);
            sums.put("ftp-" + i + ".csv", sha256(content));
        }
        Await.until(() -> history("ftp-drop").size() >= 20, Duration.ofSeconds(60),
                () -> handled() + " " + pollers("ftp-drop"));
        Map<String, String> seen = new HashMap<>();
        for (String line : handled()) {
            String[] parts = line.split(" ");
            assertThat(seen.put(parts[0], parts[2])).as(parts[0] + " handled once").isNull();
        }
        assertThat(seen).isEqualTo(sums);
        assertThat(names(in.resolve("done"))).hasSize(20);

        // a file the server will not let the login read: failed, moved with its error, the others unharmed
        Path secret = in.resolve("secret.csv");
        Files.writeString(secret, "id\n99\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Await.until(() -> Files.exists(in.resolve("failed/secret.csv.error")), Duration.ofSeconds(60),
                () -> history("ftp-drop").get(0).toString());
        assertThat(history("ftp-drop").get(0).path("error").asText()).contains("cannot be read", "/pub/in/secret.csv");
        assertThat(handled()).noneMatch(line -> line.startsWith("secret.csv"));

        created(node.admin("POST", "/conduit/admin/outgoing/files", "{\"name\": \"Nightly\", \"address\": \"ftp://127.0.0.1:"
                + ftpd.port() + "/pub/out\"}"));
        Reply put = files("Nightly", "put", "2026/12/07.csv", "a,b\n");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(Files.readString(ftpd.folder().resolve("out/2026/12/07.csv"))).isEqualTo("a,b\n");
        assertThat(files("Nightly", "get", "2026/12/07.csv", null).json().path("content").asText()).isEqualTo("a,b\n");
        assertThat(files("Nightly", "list", "2026/12", null).json().at("/entries/0/name").asText()).isEqualTo("07.csv");
        Reply missing = files("Nightly", "get", "2026/12/08.csv", null);
        assertThat(missing.status()).as(missing.body()).isEqualTo(502);
        assertThat(missing.json().path("error").asText()).contains("'Nightly'", "2026/12/08.csv");
        assertThat(files("Nightly", "delete", "2026/12/07.csv", null).status()).isEqualTo(200);
        assertThat(Files.exists(ftpd.folder().resolve("out/2026/12/07.csv"))).isFalse();

        created(node.admin("POST", "/conduit/admin/security", "{\"type\": \"basic\", \"name\": \"ftp-bob\","
                + " \"username\": \"bob\", \"password\": \"not-his\"}"));
        channel("ftp-bob", "ftp://127.0.0.1:" + ftpd.port() + "/pub/in", ", \"security\": \"ftp-bob\"");
        assertThat(errorOf("ftp-bob", "refused")).contains("refused the login of user 'bob'").doesNotContain("not-his");
        node.admin("DELETE", "/conduit/admin/channels/file/ftp-bob", null);
    }

    @Test
    void anS3BucketIsPolledAndWrittenLikeTheOthersAndAWrongKeyIsSaidClearly() throws Exception {
        Path bucket = s3.bucket("partner-bucket");
        created(node.admin("POST", "/conduit/admin/security", "{\"type\": \"basic\", \"name\": \"s3-key\","
                + " \"username\": \"" + s3.accessKey() + "\", \"password\": \"" + s3.secretKey() + "\"}"));
        String address = "s3://partner-bucket/drop?endpoint=" + s3.endpoint();
        created(node.admin("POST", "/conduit/admin/outgoing/files", "{\"name\": \"Bucket\", \"address\": \"s3://partner-bucket?endpoint="
                + s3.endpoint() + "\", \"security\": \"s3-key\"}"));
        // the partner's files arrive through S3 itself
        Map<String, String> sums = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String content = "id\n" + i + "\n";
            assertThat(files("Bucket", "put", "drop/s3-" + i + ".csv", content).status()).isEqualTo(200);
            sums.put("s3-" + i + ".csv", sha256(content.getBytes(StandardCharsets.UTF_8)));
        }
        channel("s3-drop", address, ", \"security\": \"s3-key\", \"pattern\": \"*.csv\"");
        Await.until(() -> history("s3-drop").size() >= 10, Duration.ofSeconds(60),
                () -> handled() + " " + pollers("s3-drop"));
        Map<String, String> seen = new HashMap<>();
        for (String line : handled()) {
            String[] parts = line.split(" ");
            assertThat(seen.put(parts[0], parts[2])).as(parts[0] + " handled once").isNull();
        }
        assertThat(seen).isEqualTo(sums);
        Reply done = files("Bucket", "list", "drop/done", null);
        assertThat(done.json().path("entries")).as(done.body()).hasSize(10);
        assertThat(files("Bucket", "list", "drop", null).json().path("entries")).extracting(e -> e.path("name").asText())
                .containsExactly("done");
        assertThat(Files.exists(bucket.resolve("drop/done/s3-3.csv"))).as("the objects are the server's files").isTrue();
        assertThat(files("Bucket", "get", "drop/done/s3-3.csv", null).json().path("content").asText()).isEqualTo("id\n3\n");
        Reply missing = files("Bucket", "get", "drop/none.csv", null);
        assertThat(missing.status()).isEqualTo(502);
        assertThat(missing.json().path("error").asText()).contains("'Bucket'", "drop/none.csv", "no such file");

        created(node.admin("POST", "/conduit/admin/security", "{\"type\": \"basic\", \"name\": \"s3-wrong\","
                + " \"username\": \"" + s3.accessKey() + "\", \"password\": \"not-the-secret\"}"));
        channel("s3-wrong", address, ", \"security\": \"s3-wrong\"");
        assertThat(errorOf("s3-wrong", "403")).contains("refused").doesNotContain("not-the-secret");
        node.admin("DELETE", "/conduit/admin/channels/file/s3-wrong", null);
    }
}
