package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.server.testing.Fixtures;
import io.conduit.server.testing.TestCluster;
import io.conduit.server.testing.TestNode;
import io.conduit.server.testing.TestNode.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a caller of a plain HTTP channel sees: security, the error contract, live changes. */
class ChannelIT {

    private static TestCluster cluster;
    private static TestNode node;

    @BeforeAll
    static void start() {
        cluster = TestCluster.h2();
        node = cluster.start("server1");
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Echo.java"));
        node.admin("POST", "/conduit/admin/services", Fixtures.text("services/Failing.java"));
        node.admin("POST", "/conduit/admin/security",
                "{\"name\": \"partner\", \"type\": \"basic\", \"username\": \"acme\", \"password\": \"s3cret-basic\"}");
        node.admin("POST", "/conduit/admin/security",
                "{\"name\": \"mobile\", \"type\": \"apikey\", \"header\": \"X-API-Key\", \"key\": \"s3cret-key\"}");
        channel("echo", "/ch/echo", "fixtures.echo", null, null);
        channel("post-only", "/ch/post-only", "fixtures.echo", "POST", null);
        channel("failing", "/ch/failing", "fixtures.failing", null, null);
        channel("basic", "/ch/basic", "fixtures.echo", null, "partner");
        channel("key", "/ch/key", "fixtures.echo", null, "mobile");
        channel("nobody", "/ch/nobody", "fixtures.nobody", null, null);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void basicAuthRejectsMissingAndWrongCredentials() {
        Reply missing = node.call("POST", "/ch/basic", "{}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertError(missing);

        Reply wrong = node.call("POST", "/ch/basic", "{}", "Authorization", TestNode.basic("acme", "guess"));
        assertThat(wrong.status()).isEqualTo(403);
        assertError(wrong);

        Reply right = node.call("POST", "/ch/basic", "{\"a\": 1}", "Authorization", TestNode.basic("acme", "s3cret-basic"));
        assertThat(right.status()).isEqualTo(200);
        assertThat(right.json().at("/echo/a").asInt()).isEqualTo(1);
    }

    @Test
    void anApiKeyRejectsMissingAndWrongKeys() {
        assertThat(node.call("POST", "/ch/key", "{}").status()).isEqualTo(401);
        Reply wrong = node.call("POST", "/ch/key", "{}", "X-API-Key", "s3cret-kez");
        assertThat(wrong.status()).isEqualTo(403);
        assertError(wrong);
        assertThat(node.call("POST", "/ch/key", "{}", "X-API-Key", "s3cret-key").status()).isEqualTo(200);
    }

    @Test
    void malformedJsonGets400WithJsonError() {
        Reply reply = node.call("POST", "/ch/echo", "{\"cust_id\": 123,");

        assertThat(reply.status()).isEqualTo(400);
        assertError(reply);
        assertThat(reply.json().path("error").asText()).startsWith("the request body is not valid JSON");
    }

    @Test
    void aServiceThatThrowsGets500WithTheCidAndNoTrace() {
        Reply reply = node.call("POST", "/ch/failing", "{}");

        assertThat(reply.status()).isEqualTo(500);
        assertError(reply);
        assertThat(reply.json().path("error").asText())
                .isEqualTo("service 'fixtures.failing' failed; the server log has the details under cid "
                        + reply.header("X-Conduit-CID"));
        assertThat(reply.body()).doesNotContain("hunter2", "Exception", "at fixtures", ".java");
    }

    @Test
    void unknownPathWrongMethodTooLargeAndMissingServiceEachGetTheirStatus() {
        Reply unknown = node.call("POST", "/ch/nothing-here", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("no channel serves /ch/nothing-here");

        Reply method = node.call("GET", "/ch/post-only", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.header("Allow")).isEqualTo("POST");
        assertError(method);

        Reply large = node.call("POST", "/ch/echo", "{\"x\": \"" + "a".repeat(70 * 1024) + "\"}");
        assertThat(large.status()).isEqualTo(413);
        assertError(large);

        Reply nobody = node.call("POST", "/ch/nobody", "{}");
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.json().path("error").asText()).contains("'fixtures.nobody', which is not deployed");
    }

    @Test
    void aChannelEditedOrDeactivatedChangesAtOnce() {
        channel("moving", "/ch/old-place", "fixtures.echo", null, null);
        assertThat(node.call("POST", "/ch/old-place", "{}").status()).isEqualTo(200);

        node.admin("PUT", "/conduit/admin/channels/http/moving",
                "{\"urlPath\": \"/ch/new-place\", \"service\": \"fixtures.echo\"}");
        assertThat(node.call("POST", "/ch/old-place", "{}").status()).isEqualTo(404);
        assertThat(node.call("POST", "/ch/new-place", "{}").status()).isEqualTo(200);

        node.admin("PUT", "/conduit/admin/channels/http/moving",
                "{\"urlPath\": \"/ch/new-place\", \"service\": \"fixtures.echo\", \"active\": false}");
        assertThat(node.call("POST", "/ch/new-place", "{}").status()).isEqualTo(404);

        assertThat(node.admin("DELETE", "/conduit/admin/channels/http/moving", null).status()).isEqualTo(204);
        assertThat(node.admin("GET", "/conduit/admin/channels/http/moving", null).status()).isEqualTo(404);
    }

    @Test
    void aChannelPathCannotBeTakenTwiceNorUnderTheAdminApi() {
        Reply twice = node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"again\", \"urlPath\": \"/ch/echo\", \"service\": \"fixtures.echo\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("error").asText()).isEqualTo("channel 'again' (any method /ch/echo) and channel"
                + " 'echo' (any method /ch/echo) would serve the same requests; change the path or the method of one");

        Reply admin = node.admin("POST", "/conduit/admin/channels/http",
                "{\"name\": \"sneaky\", \"urlPath\": \"/conduit/admin/x\", \"service\": \"fixtures.echo\"}");
        assertThat(admin.status()).isEqualTo(400);
        assertThat(admin.json().path("error").asText()).contains("must not be under /conduit");
    }

    private static void channel(String name, String path, String service, String method, String security) {
        Reply reply = node.admin("POST", "/conduit/admin/channels/http", "{\"name\": \"" + name + "\", \"urlPath\": \""
                + path + "\", \"service\": \"" + service + "\", \"method\": " + quoted(method) + ", \"security\": "
                + quoted(security) + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static void assertError(Reply reply) {
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().path("error").asText()).isNotBlank();
        assertThat(reply.json().path("cid").asText()).isEqualTo(reply.header("X-Conduit-CID"))
                .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo(lastCid);
        lastCid = reply.header("X-Conduit-CID");
    }

    /** The cid of the last error checked: each call has its own. */
    private static String lastCid;
}
