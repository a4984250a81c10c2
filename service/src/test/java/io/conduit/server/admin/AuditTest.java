package io.conduit.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.Bootstraps;
import io.conduit.common.auth.BasicAuthFilter;
import io.conduit.common.cid.CidFilter;
import io.conduit.common.cid.Cids;
import io.conduit.common.error.Errors;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.TestConfig;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import io.conduit.server.release.AuditTrail;
import io.conduit.server.release.Releases;
import io.conduit.server.security.SecurityDefinition;
import io.conduit.testing.MovableClock;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail through the admin API: every write (refused ones too) with who, what, its status
 * and cid, and the field changes of the release it made (secrets only as changed); reads are not
 * written; paging; entries past the retention removed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuditTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Odb ODB = TestOdb.memory();
    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private static final ConfigStore STORE = TestConfig.store(ODB, SecurityDefinition.KIND, HttpChannel.KIND);
    private static final AuditTrail TRAIL = new AuditTrail(ODB, STORE, CLOCK, Duration.ofDays(90));

    /** What the servlet filter in front of the admin API notes: the user who authenticated. */
    @PreMatching
    private static final class AuthenticatedAsAlice implements ContainerRequestFilter {
        @Override
        public void filter(jakarta.ws.rs.container.ContainerRequestContext request) {
            request.setProperty(BasicAuthFilter.USER, "alice");
        }
    }

    static final ResourceExtension RESOURCES = resources();

    private static ResourceExtension resources() {
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false)
                .setMapper(Bootstraps.json(io.dropwizard.jackson.Jackson.newObjectMapper()))
                .addProvider(new CidFilter())
                .addProvider(new AuthenticatedAsAlice())
                .addProvider(new KindResources(STORE.kinds(), new Releases(STORE,
                        new io.conduit.server.deploy.DeploymentStore(ODB), TestConfig.JSON, CLOCK), TestConfig.JSON, MAPPER))
                .addProvider(new AuditFilter(TRAIL, STORE.kinds().all(), CLOCK))
                .addResource(new AuditResource(TRAIL));
        Errors.providers("the admin call", "no such admin resource", AdminErrorMappers.all()).forEach(builder::addProvider);
        return builder.build();
    }

    @Test
    void everyWriteIsThereWithWhoWhatItsCidAndItsReleasesChangesNewestFirst() {
        List<String> cids = new ArrayList<>();
        cids.add(write("POST", "/admin/security", "{\"name\": \"keys\", \"type\": \"apikey\", \"key\": \"s3cret-canary\"}",
                201));
        cids.add(write("POST", "/admin/channels/http", "{\"name\": \"orders\", \"urlPath\": \"/orders\", \"service\":"
                + " \"orders.place\", \"security\": \"keys\"}", 201));
        assertThat(RESOURCES.target("/admin/channels/http/orders").request().get().getStatus()).isEqualTo(200);
        cids.add(write("PUT", "/admin/channels/http/orders", "{\"urlPath\": \"/v2/orders\", \"service\": \"orders.place\","
                + " \"security\": \"keys\"}", 200));
        cids.add(write("POST", "/admin/channels/http", "{\"name\": \"broken\", \"urlPath\": \"no-slash\", \"service\":"
                + " \"s\"}", 400));
        cids.add(write("DELETE", "/admin/channels/http/orders", null, 204));

        JsonNode entries = RESOURCES.target("/admin/audit").request().get(JsonNode.class);
        List<JsonNode> mine = new ArrayList<>();
        entries.forEach(e -> {
            if (cids.contains(e.path("cid").asText())) {
                mine.add(e);
            }
        });
        assertThat(mine).as("the reads are not there: " + entries).hasSize(5);
        List<String> newestFirst = new ArrayList<>(cids);
        java.util.Collections.reverse(newestFirst);
        assertThat(mine.stream().map(e -> e.path("cid").asText()).toList()).as("newest first")
                .containsExactlyElementsOf(newestFirst);
        assertThat(mine.stream().map(e -> e.path("action").asText() + " " + e.path("kind").asText() + " "
                + e.path("name").asText() + " " + e.path("status").asInt()).toList()).containsExactly(
                "delete channels-http orders 204",
                "create channels-http broken 400",
                "update channels-http orders 200",
                "create channels-http orders 201",
                "create security keys 201");
        assertThat(mine).allSatisfy(e -> assertThat(e.path("by").asText()).isEqualTo("alice"));
        assertThat(mine.get(1).hasNonNull("release")).as("a refused write made no release").isFalse();
        assertThat(mine.get(2).path("release").asLong()).as("a write that made a release names it").isPositive();
        assertThat(mine.get(1).path("changes")).isEmpty();

        JsonNode update = mine.get(2).path("changes");
        assertThat(update).hasSize(1);
        assertThat(update.get(0).path("fields").get(0).path("field").asText()).isEqualTo("urlPath");
        assertThat(update.get(0).path("fields").get(0).path("from").asText()).isEqualTo("/orders");
        assertThat(update.get(0).path("fields").get(0).path("to").asText()).isEqualTo("/v2/orders");
        assertThat(mine.get(4).path("changes").toString()).as("a secret shows as set, never with its value")
                .contains("\"***\"").doesNotContain("s3cret-canary");
        assertThat(entries.toString()).doesNotContain("s3cret-canary");
    }

    @Test
    void entriesPageByLimitAndBeforeAndGoOnceTheyArePastTheRetention() {
        for (int i = 0; i < 3; i++) {
            write("POST", "/admin/channels/http", "{\"name\": \"page-" + i + "\", \"urlPath\": \"/page-" + i + "\","
                    + " \"service\": \"s\"}", 201);
        }
        JsonNode two = RESOURCES.target("/admin/audit").queryParam("limit", 2).request().get(JsonNode.class);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).path("name").asText()).isEqualTo("page-2");
        JsonNode older = RESOURCES.target("/admin/audit").queryParam("limit", 1)
                .queryParam("before", two.get(1).path("at").asText()).request().get(JsonNode.class);
        assertThat(older.get(0).path("name").asText()).isEqualTo("page-0");

        Response badLimit = RESOURCES.target("/admin/audit").queryParam("limit", 0).request().get();
        assertThat(badLimit.getStatus()).isEqualTo(400);
        assertThat(badLimit.readEntity(JsonNode.class).path("error").asText()).contains("limit must be between 1 and 1000");
        Response badBefore = RESOURCES.target("/admin/audit").queryParam("before", "yesterday").request().get();
        assertThat(badBefore.getStatus()).isEqualTo(400);

        int before = TRAIL.list(1000, null).size();
        CLOCK.advance(Duration.ofDays(91));
        write("POST", "/admin/channels/http", "{\"name\": \"late\", \"urlPath\": \"/late\", \"service\": \"s\"}", 201);
        assertThat(TRAIL.prune()).isEqualTo(before);
        assertThat(TRAIL.list(1000, null)).extracting(AuditTrail.Entry::name).containsExactly("late");
    }

    @Test
    void aWriteOutsideTheKindsIsToldByItsPath() {
        AuditFilter filter = new AuditFilter(TRAIL, STORE.kinds().all(), CLOCK);
        assertThat(filter.what("POST", "services")).isEqualTo(new AuditFilter.What("deploy", "services", null));
        assertThat(filter.what("DELETE", "services/crm.jar")).isEqualTo(new AuditFilter.What("undeploy", "services", "crm.jar"));
        assertThat(filter.what("POST", "releases")).isEqualTo(new AuditFilter.What("apply", "releases", null));
        assertThat(filter.what("POST", "releases/7/rollback")).isEqualTo(new AuditFilter.What("rollback", "releases", "7"));
        assertThat(filter.what("POST", "async/dead-letters/1-0/replay"))
                .isEqualTo(new AuditFilter.What("replay", "async-dead-letters", "1-0"));
        assertThat(filter.what("DELETE", "async/dead-letters/1-0"))
                .isEqualTo(new AuditFilter.What("delete", "async-dead-letters", "1-0"));
        assertThat(filter.what("POST", "calls/abc/replay")).isEqualTo(new AuditFilter.What("replay", "calls", "abc"));
        assertThat(filter.what("POST", "invoke/crm.get")).isEqualTo(new AuditFilter.What("invoke", "services", "crm.get"));
        assertThat(filter.what("POST", "kvdb/commands")).isEqualTo(new AuditFilter.What("command", "kvdb", null));
        assertThat(filter.what("POST", "secrets/reseal")).isEqualTo(new AuditFilter.What("reseal", "secrets", null));
        assertThat(filter.what("POST", "channels/http/orders/run")).isEqualTo(new AuditFilter.What("run", "channels-http",
                "orders"));
    }

    /** @return the cid the write was answered with; the clock moves on a second after it */
    private static String write(String method, String path, String body, int status) {
        Response answer = RESOURCES.target(path).request().method(method, body == null ? null
                : Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
        assertThat(answer.getStatus()).as(answer.readEntity(String.class)).isEqualTo(status);
        CLOCK.advance(Duration.ofSeconds(1));
        return answer.getHeaderString(Cids.HEADER);
    }
}
