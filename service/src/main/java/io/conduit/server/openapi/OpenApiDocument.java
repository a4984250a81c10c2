package io.conduit.server.openapi;

import com.fasterxml.jackson.databind.JavaType;
import io.conduit.server.channel.HttpChannel;
import io.conduit.server.deploy.LoadedService;
import io.conduit.server.invoke.TypedInputs;
import io.conduit.server.security.SecurityDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster's OpenAPI 3.1 document: one operation per active channel, with its path parameters,
 * a typed service's input (as the request body, or as query parameters for GET, DELETE and HEAD)
 * and output as JSON Schema (from the types' fields and Bean Validation constraints, by
 * swagger-core), the channel's security scheme, and the error shapes every channel answers with.
 */
public final class OpenApiDocument {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "DELETE", "HEAD", "OPTIONS");
    private static final String ERROR = "Error";
    private static final String VALIDATION_ERROR = "ValidationError";

    private final TypedInputs typed;

    public OpenApiDocument(TypedInputs typed) {
        this.typed = typed;
    }

    /**
     * @param channels    every channel (inactive ones are left out)
     * @param security    every security definition
     * @param services    the deployed service of a name, or {@code null}
     * @param version     the server's version
     * @return the document
     */
    public OpenAPI build(List<HttpChannel> channels, List<SecurityDefinition> security,
                         Function<String, LoadedService> services, String version) {
        OpenAPI api = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title("Conduit channels").version(version)
                        .description("Every active HTTP channel of this Conduit cluster."))
                .servers(List.of(new Server().url("/").description("the cluster's load balancer")));
        Components components = new Components().schemas(new TreeMap<>()).securitySchemes(new TreeMap<>());
        components.getSchemas().put(ERROR, errorSchema(false));
        components.getSchemas().put(VALIDATION_ERROR, errorSchema(true));
        Map<String, SecurityDefinition> definitions = new LinkedHashMap<>();
        security.forEach(d -> definitions.put(d.name(), d));
        ModelConverters converters = new ModelConverters(true);
        Paths paths = new Paths();
        Set<String> operationIds = new HashSet<>();
        for (HttpChannel channel : channels.stream().filter(HttpChannel::active)
                .sorted(java.util.Comparator.comparing(HttpChannel::urlPath).thenComparing(HttpChannel::name)).toList()) {
            PathItem item = paths.computeIfAbsent(channel.urlPath(), p -> new PathItem());
            String method = channel.method() == null ? "POST" : channel.method().name();
            Operation operation = operation(channel, services.apply(channel.service()), method, converters, components);
            operation.setOperationId(uniqueId(channel.name(), operationIds));
            SecurityDefinition definition = channel.security() == null ? null : definitions.get(channel.security());
            if (definition != null) {
                components.getSecuritySchemes().put(definition.name(), scheme(definition));
                operation.addSecurityItem(new SecurityRequirement().addList(definition.name()));
                operation.getResponses().addApiResponse("401", error("no credentials, or a token that is expired,"
                        + " not yet valid or badly signed"));
                operation.getResponses().addApiResponse("403", error("credentials that are not valid here"));
            }
            if (channel.rateLimit() != null) {
                operation.getResponses().addApiResponse("429", error("over the channel's rate limit of "
                        + channel.rateLimit().requests() + " per " + channel.rateLimit().per())
                        .addHeaderObject("Retry-After", new Header().description("seconds until the window ends")
                                .schema(new Schema<Integer>().type("integer"))));
            }
            item.operation(PathItem.HttpMethod.valueOf(method), operation);
        }
        return api.paths(paths).components(components);
    }

    /**
     * @param service a deployed service
     * @return a typed service's input and output as JSON Schema ({@code schema} and the {@code $defs}
     *         it refers to); nulls for an untyped service
     */
    public Map<String, Object> schemas(LoadedService service) {
        Class<?> type = service.constructor().getDeclaringClass();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("input", jsonSchema(typed.inputType(type)));
        schemas.put("output", jsonSchema(typed.outputType(type)));
        return schemas;
    }

    private static Object jsonSchema(JavaType type) {
        if (type == null) {
            return null;
        }
        ResolvedSchema resolved = new ModelConverters(true).readAllAsResolvedSchema(new AnnotatedType(type)
                .resolveAsRef(false));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("schema", resolved == null ? Map.of() : resolved.schema);
        schema.put("$defs", resolved == null || resolved.referencedSchemas == null ? Map.of()
                : new TreeMap<>(resolved.referencedSchemas));
        return Json31.mapper().valueToTree(schema);
    }

    private Operation operation(HttpChannel channel, LoadedService service, String method, ModelConverters converters,
                                Components components) {
        Operation operation = new Operation().summary(channel.service())
                .description("Channel '" + channel.name() + "' invokes service '" + channel.service() + "'"
                        + (channel.method() == null ? "; it accepts any method." : "."));
        Set<String> pathParams = new HashSet<>();
        Matcher m = PARAM.matcher(channel.urlPath());
        while (m.find()) {
            pathParams.add(m.group(1));
        }
        Class<?> serviceClass = service == null ? null : service.constructor().getDeclaringClass();
        JavaType input = serviceClass == null ? null : typed.inputType(serviceClass);
        JavaType output = serviceClass == null ? null : typed.outputType(serviceClass);
        Map<String, Schema> inputProperties = Map.of();
        Schema<?> inputSchema = null;
        if (input != null && !input.getRawClass().equals(Object.class)) {
            inputSchema = schema(input, converters, components);
            Schema<?> model = resolve(inputSchema, components);
            if (model != null && model.getProperties() != null) {
                inputProperties = model.getProperties();
            }
        }
        for (String name : pathParams) {
            Schema<?> s = inputProperties.getOrDefault(name, new StringSchema());
            operation.addParametersItem(new Parameter().in("path").name(name).required(true).schema(s));
        }
        if (inputSchema != null && WITHOUT_BODY.contains(method)) {
            Schema<?> model = resolve(inputSchema, components);
            List<?> required = model == null || model.getRequired() == null ? List.of() : model.getRequired();
            inputProperties.forEach((name, s) -> {
                if (!pathParams.contains(name)) {
                    operation.addParametersItem(new Parameter().in("query").name(name).required(required.contains(name))
                            .schema(s));
                }
            });
        } else if (!WITHOUT_BODY.contains(method)) {
            operation.requestBody(new RequestBody().required(false).content(json(inputSchema == null
                    ? new Schema<>().description("any JSON; the service reads it as it likes") : inputSchema)));
        }
        ApiResponses responses = new ApiResponses();
        Schema<?> out = output == null || output.getRawClass().equals(Object.class) ? new Schema<>()
                .description("the service's JSON response") : schema(output, converters, components);
        responses.addApiResponse("200", new ApiResponse().description("the service's response").content(json(out)));
        responses.addApiResponse("204", new ApiResponse().description("the service set no response"));
        responses.addApiResponse("400", new ApiResponse().description(input == null ? "a body that is not JSON"
                : "a request that does not bind to the input or breaks its constraints, field by field")
                .content(json(ref(input == null ? ERROR : VALIDATION_ERROR))));
        responses.addApiResponse("404", error("no such channel, or its service is not deployed"));
        responses.addApiResponse("500", error("the service failed; the cid finds it in the log"));
        responses.addApiResponse("503", error("the node is stopping, or a part it needs is down; retry"));
        return operation.responses(responses);
    }

    private static Schema<?> schema(JavaType type, ModelConverters converters, Components components) {
        ResolvedSchema resolved = converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
        if (resolved == null || resolved.schema == null) {
            return new Schema<>();
        }
        if (resolved.referencedSchemas != null) {
            resolved.referencedSchemas.forEach(components.getSchemas()::putIfAbsent);
        }
        return resolved.schema;
    }

    private static Schema<?> resolve(Schema<?> schema, Components components) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String ref = schema.get$ref();
        return components.getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static SecurityScheme scheme(SecurityDefinition d) {
        if (d instanceof SecurityDefinition.Basic) {
            return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic");
        }
        if (d instanceof SecurityDefinition.ApiKey key) {
            return new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(key.header());
        }
        if (d instanceof SecurityDefinition.Mtls) {
            return new SecurityScheme().type(SecurityScheme.Type.MUTUALTLS)
                    .description("a client certificate, over HTTPS, whose subject the channel admits");
        }
        SecurityDefinition.Jwt jwt = (SecurityDefinition.Jwt) d;
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("a JWT from " + jwt.issuer() + " for the audience " + jwt.audience());
    }

    private static Schema<?> errorSchema(boolean withFields) {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("error", new StringSchema().description("what went wrong, and what to do"));
        error.addProperty("cid", new StringSchema().description("the correlation id, as in the server's log"));
        error.setRequired(List.of("error", "cid"));
        if (withFields) {
            ObjectSchema field = new ObjectSchema();
            field.addProperty("field", new StringSchema());
            field.addProperty("message", new StringSchema());
            error.addProperty("fields", new ArraySchema().items(field));
        }
        return error;
    }

    private static ApiResponse error(String description) {
        return new ApiResponse().description(description).content(json(ref(ERROR)));
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    private static String uniqueId(String name, Set<String> taken) {
        String base = name.replaceAll("[^A-Za-z0-9_.-]", "-").toLowerCase(Locale.ROOT);
        String id = base;
        for (int i = 2; !taken.add(id); i++) {
            id = base + "-" + i;
        }
        return id;
    }
}
