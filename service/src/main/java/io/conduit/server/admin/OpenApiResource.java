package io.conduit.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.config.ConfigStore;
import io.conduit.server.config.Configuration;
import io.conduit.server.deploy.ServiceRegistry;
import io.conduit.server.openapi.OpenApiDocument;
import io.conduit.server.security.SecurityDefinition;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * The cluster's OpenAPI 3.1 document, {@code GET /conduit/openapi.json} and {@code .yaml}: every
 * active channel. It needs the admin credentials unless {@code openapi.public} is true.
 */
@Path("/")
public final class OpenApiResource {

    private final OpenApiDocument document;
    private final ConfigStore config;
    private final ServiceRegistry registry;
    private final String version;

    public OpenApiResource(OpenApiDocument document, ConfigStore config, ServiceRegistry registry, String version) {
        this.document = document;
        this.config = config;
        this.registry = registry;
        this.version = version;
    }

    @GET
    @Path("openapi.json")
    @Produces("application/json")
    public String json() throws JsonProcessingException {
        return Json31.pretty().writeValueAsString(build());
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public String yaml() throws JsonProcessingException {
        return Yaml31.pretty().writeValueAsString(build());
    }

    private OpenAPI build() {
        Configuration now = config.snapshot().configuration();
        return document.build(now.list(HttpChannel.KIND), now.list(SecurityDefinition.KIND), registry::get, version);
    }
}
