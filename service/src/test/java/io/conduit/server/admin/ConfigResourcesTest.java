package io.conduit.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conduit.common.error.Errors;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.TestConfig;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.invoke.InvocationRecorder;
import io.conduit.server.invoke.Invoker;
import io.conduit.server.odb.Odb;
import io.conduit.server.odb.TestOdb;
import io.conduit.server.outgoing.OutgoingHttpConfig;
import io.conduit.server.outgoing.OutgoingZmqConfig;
import io.conduit.server.release.Releases;
import io.conduit.server.security.SecurityDefinition;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The configuration resources' error cases, answered by the shared contract {"error", "cid"}. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConfigResourcesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Odb ODB = TestOdb.memory();
    private static final Odb DOWN = TestOdb.unreachable();

    static final ResourceExtension RESOURCES = resources(ODB);
    static final ResourceExtension ODB_DOWN = resources(DOWN);

    private static ResourceExtension resources(Odb odb) {
        ConfigStore store = TestConfig.store(odb, SecurityDefinition.KIND, HttpChannel.KIND, OutgoingHttpConfig.KIND,
                OutgoingZmqConfig.KIND);
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false)
                .addProvider(new KindResources(store.kinds(), new Releases(store,
                        new io.conduit.server.deploy.DeploymentStore(odb), TestConfig.JSON, Clock.systemUTC()),
                        TestConfig.JSON, MAPPER))
                .addResource(new InvokeResource(new Invoker(new ServiceRegistry(), MAPPER, null, null,
                        InvocationRecorder.NONE, Runnable::run, io.dropwizard.jersey.validation.Validators.newValidator(),
                        io.conduit.server.tracing.Tracing.off("test", "dev"), Clock.systemUTC()),
                        MAPPER));
        Errors.providers("the admin call", "no such admin resource", AdminErrorMappers.all())
                .forEach(builder::addProvider);
        return builder.build();
    }

    @Test
    void anUnknownEntryIs404NamingIt() {
        Response answer = RESOURCES.target("/admin/channels/http/nowhere").request().get();

        assertError(answer, 404, "no HTTP channel named 'nowhere'");
        assertError(RESOURCES.target("/admin/outgoing/zmq/nowhere").request().delete(), 404,
                "no outgoing ZeroMQ connection named 'nowhere'");
    }

    @Test
    void anInvalidFieldIs400SayingWhich() {
        Response answer = post("/admin/channels/http", "{\"name\": \"x\", \"urlPath\": \"no-slash\", \"service\": \"s\"}");

        assertError(answer, 400, "urlPath must start with / and contain only URL characters");
    }

    @Test
    void noBodyOrABodyThatIsNotJsonIs400() {
        assertError(post("/admin/outgoing/zmq", ""), 400, "a JSON outgoing ZeroMQ connection is required:"
                + " {\"name\", \"address\"}");
        Response broken = post("/admin/channels/http", "{\"name\": ");
        assertThat(broken.getStatus()).isEqualTo(400);
        assertThat(broken.readEntity(JsonNode.class).path("error").asText())
                .startsWith("the request body is not valid JSON for this call");
    }

    @Test
    void aTakenNameIs409AndAMissingReferenceIs400() {
        String channel = "{\"name\": \"taken\", \"urlPath\": \"/taken\", \"service\": \"s\"}";
        assertThat(post("/admin/channels/http", channel).getStatus()).isEqualTo(201);

        assertError(post("/admin/channels/http", channel), 409, "an HTTP channel named 'taken' already exists");
        assertError(post("/admin/channels/http", "{\"name\": \"other\", \"urlPath\": \"/other\", \"service\": \"s\","
                + " \"security\": \"ghost\"}"), 400, "security names security definition 'ghost', which does not exist;"
                + " create it first");
        assertError(post("/admin/channels/http", "{\"name\": \"twin\", \"urlPath\": \"/taken\", \"service\": \"s\"}"),
                409, "channel 'twin' (any method /taken) and channel 'taken' (any method /taken) would serve the same"
                        + " requests; change the path or the method of one");
    }

    @Test
    void aDefinitionInUseCannotBeDeleted() {
        assertThat(post("/admin/security", "{\"name\": \"used\", \"type\": \"apikey\", \"header\": \"X-Key\","
                + " \"key\": \"k\"}").getStatus()).isEqualTo(201);
        assertThat(post("/admin/channels/http", "{\"name\": \"user\", \"urlPath\": \"/user\", \"service\": \"s\","
                + " \"security\": \"used\"}").getStatus()).isEqualTo(201);

        assertError(RESOURCES.target("/admin/security/used").request().delete(), 409,
                "security definition 'used' is used by HTTP channel 'user'; change them first, then it can be deleted");
    }

    @Test
    void invokingAServiceThatIsNotDeployedIs404AndABodyThatIsNotJsonIs400() {
        assertError(post("/admin/invoke/nobody.here", "{}"), 404, "service 'nobody.here' is not deployed");
        Response broken = post("/admin/invoke/nobody.here", "{\"a\": ");
        assertThat(broken.getStatus()).isEqualTo(400);
        assertThat(broken.readEntity(JsonNode.class).path("error").asText())
                .startsWith("the request body is not valid JSON");
    }

    @Test
    void anOdbThatCannotBeReachedIs503NamingIt() {
        Response answer = ODB_DOWN.target("/admin/channels/http").request().get();
        Response write = ODB_DOWN.target("/admin/channels/http").request().post(Entity.entity("{\"name\": \"c\","
                + " \"urlPath\": \"/c\", \"service\": \"s\"}", MediaType.APPLICATION_JSON_TYPE));

        assertThat(write.getStatus()).as("a change while the ODB is away: nothing half-made, 503").isEqualTo(503);
        assertError(answer, 503, "the ODB (jdbc:postgresql://db.example:5432/conduit) cannot be reached:"
                + " Connection refused; channels keep serving, but configuration changes wait until it is back:"
                + " retry then");
    }

    private static Response post(String path, String json) {
        return RESOURCES.target(path).request().post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
    }

    private static void assertError(Response answer, int status, String error) {
        assertThat(answer.getStatus()).isEqualTo(status);
        JsonNode body = answer.readEntity(JsonNode.class);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("cid").asText()).matches("[0-9a-f]{32}");
        assertThat(answer.getHeaderString("X-Conduit-CID")).isEqualTo(body.path("cid").asText());
    }
}
