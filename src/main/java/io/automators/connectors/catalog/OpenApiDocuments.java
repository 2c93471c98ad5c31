package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;

/**
 * A connector described by an OpenAPI 3 document (rule 11, the openapi family): the document named
 * by the manifest's {@code routing.openapi} (a path under the manifest's directory, {@code openapi/…}),
 * parsed with swagger-parser, every operation with an operationId made an action — its name the
 * operationId in snake case, its input one field per parameter (path, query, header) and {@code body}
 * for the request body (the operation's JSON schema, references resolved), its description the
 * operation's. The document's security scheme becomes the connector's {@code requestAuth} where the
 * manifest names none: an API key in a header, HTTP bearer (also OAuth 2.0, its token from rule 1) or
 * basic; the manifest's credential fields must hold it.
 */
public final class OpenApiDocuments {

    private static final Pattern DOCUMENT = Pattern.compile("^openapi/[A-Za-z0-9_.-]+\\.(ya?ml|json)$");
    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "cookie", "host", "content-type",
            "content-length", "accept", "proxy-authorization");

    private OpenApiDocuments() {}

    /** The document's location beside the manifest, as Camel resolves it ({@code classpath:…} or {@code file:…}). */
    public static String location(String manifestLocation, String document) {
        return manifestLocation.substring(0, manifestLocation.lastIndexOf('/') + 1) + document;
    }

    /** The manifest with its actions made of the document's operations; problems are thrown, naming the document. */
    static ConnectorManifest withOperations(ConnectorManifest m, Resource manifestResource, String manifestLocation) {
        String document = m.routingOrNone().openapi();
        if (document == null || !DOCUMENT.matcher(document).matches()) {
            throw new IllegalArgumentException("routing.openapi must name a document under the manifest's directory: "
                    + "openapi/<name>.yaml|.json");
        }
        String text;
        try (InputStream in = manifestResource.createRelative(document).getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the OpenAPI document " + document + " cannot be read: " + e.getMessage());
        }
        return withOperations(m, parse(text, document), document, location(manifestLocation, document));
    }

    /** The document, parsed and resolved; one that is not an OpenAPI 3 document is thrown, naming it. */
    public static OpenAPI parse(String text, String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        OpenAPI api = parsed.getOpenAPI();
        if (api == null || api.getPaths() == null || api.getOpenapi() == null || !api.getOpenapi().startsWith("3.")) {
            throw new IllegalArgumentException("the OpenAPI document " + document + " is not an OpenAPI 3 document"
                    + (parsed.getMessages() == null || parsed.getMessages().isEmpty() ? ""
                            : ": " + String.join("; ", parsed.getMessages().stream().limit(5).toList())));
        }
        return api;
    }

    /**
     * The manifest with its actions made of the document's operations, and {@code routing.openapi} the
     * document's location as Camel reads it at call time.
     */
    static ConnectorManifest withOperations(ConnectorManifest m, OpenAPI api, String document, String location) {
        // OpenAPI 3.1's schemas are JSON Schema 2020-12 (types as a set): their own writer keeps them whole.
        ObjectMapper mapper = api.getSpecVersion() == io.swagger.v3.oas.models.SpecVersion.V31
                ? io.swagger.v3.core.util.Json31.mapper() : Json.mapper();
        Map<String, ConnectorManifest.Action> actions = new LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
                return;
            }
            String name = actionName(operation.getOperationId());
            if (actions.containsKey(name)) {
                name = name + "_" + method.name().toLowerCase(Locale.ROOT);
            }
            actions.put(name, action(method, path, item, operation, mapper));
        }));
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("the OpenAPI document " + document + " has no operation with an operationId");
        }
        ConnectorManifest.RequestAuth auth = m.requestAuth() != null ? m.requestAuth()
                : requestAuth(api, m.auth() != null && m.auth().isOAuth2());
        String baseUrl = m.baseUrl() != null ? m.baseUrl()
                : api.getServers() == null || api.getServers().isEmpty() ? null : api.getServers().get(0).getUrl();
        ConnectorManifest.Routing r = m.routingOrNone();
        // The document as Camel finds it at call time (rest-openapi's specification URI).
        ConnectorManifest.Routing located = new ConnectorManifest.Routing(r.composioTool(), r.kaotoRoute(), r.airbyteConnection(),
                r.singerTap(), r.meltanoPipeline(), r.stackstormAction(), location, r.composioTools(),
                r.stackstormWebhook(), r.panora());
        return new ConnectorManifest(m.id(), m.name(), m.category(), m.version(), m.description(), m.family(), m.auth(),
                baseUrl, m.dialect(), located, actions, m.errors(), auth, m.icon());
    }

    private static ConnectorManifest.Action action(PathItem.HttpMethod method, String path, PathItem item, Operation operation,
            ObjectMapper mapper) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        for (Parameter p : parameters) {
            if (p.getName() == null || "cookie".equals(p.getIn())
                    || "header".equals(p.getIn()) && RESERVED_HEADERS.contains(p.getName().toLowerCase(Locale.ROOT))) {
                continue;
            }
            ObjectNode schema = p.getSchema() == null ? JsonNodeFactory.instance.objectNode().put("type", "string")
                    : (ObjectNode) mapper.valueToTree(p.getSchema());
            if (p.getDescription() != null && !schema.has("description")) {
                schema.put("description", p.getDescription());
            }
            properties.set(p.getName(), jsonSchema(schema));
            if (Boolean.TRUE.equals(p.getRequired()) || "path".equals(p.getIn())) {
                required.add(p.getName());
            }
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            MediaType json = operation.getRequestBody().getContent().entrySet().stream()
                    .filter(e -> e.getKey().contains("json")).map(Map.Entry::getValue).findFirst().orElse(null);
            if (json != null && json.getSchema() != null) {
                properties.set("body", jsonSchema((ObjectNode) mapper.valueToTree(json.getSchema())));
                if (Boolean.TRUE.equals(operation.getRequestBody().getRequired())) {
                    required.add("body");
                }
            }
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
        input.set("properties", properties);
        if (!required.isEmpty()) {
            input.set("required", required);
        }
        String description = operation.getSummary() != null ? operation.getSummary()
                : operation.getDescription() != null ? operation.getDescription() : operation.getOperationId();
        description = description.strip() + " (" + method + " " + path + ")";
        return new ConnectorManifest.Action(description, null, input, null, method == PathItem.HttpMethod.GET, null, null,
                operation.getOperationId());
    }

    /**
     * OpenAPI's schema as the action's JSON Schema: what only OpenAPI has (nullable, xml, examples as
     * OpenAPI writes them, discriminators) is left out, {@code nullable: true} allowing null.
     */
    private static JsonNode jsonSchema(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            schema.forEach(element -> out.add(jsonSchema(element)));
            return out;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        schema.fields().forEachRemaining(f -> {
            switch (f.getKey()) {
                case "xml", "example", "examples", "discriminator", "externalDocs", "exampleSetFlag",
                        "specVersion", "readOnly", "writeOnly", "deprecated", "nullable", "$schema" -> { }
                case "types" -> {
                    // OpenAPI 3.1's parsed model keeps the type as a set: JSON Schema's type, one or several.
                    if (!schema.hasNonNull("type") && f.getValue().isArray() && !f.getValue().isEmpty()) {
                        out.set("type", f.getValue().size() == 1 ? f.getValue().get(0) : f.getValue());
                    }
                }
                case "properties" -> {
                    ObjectNode props = JsonNodeFactory.instance.objectNode();
                    f.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), jsonSchema(p.getValue())));
                    out.set("properties", props);
                }
                default -> {
                    if (!f.getValue().isNull()) { // the parsed model writes what it lacks as null
                        out.set(f.getKey(), f.getValue().isContainerNode() ? jsonSchema(f.getValue()) : f.getValue());
                    }
                }
            }
        });
        if ((out.has("oneOf") || out.has("anyOf")) && "object".equals(out.path("type").asText()) && !out.has("properties")) {
            // The parser types a composition "object" where the document gave it no type: its branches say it.
            out.remove("type");
        }
        if (schema.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isTextual()) {
            out.set("type", JsonNodeFactory.instance.arrayNode().add(out.get("type").asText()).add("null"));
        }
        return out;
    }

    /**
     * The first security scheme the runtime can carry, preferring what the document requires globally;
     * OAuth 2.0 (a bearer token from rule 1) where the connector is an oauth2 one, else a key or HTTP scheme.
     */
    static ConnectorManifest.RequestAuth requestAuth(OpenAPI api, boolean oauth) {
        Map<String, SecurityScheme> schemes = api.getComponents() == null || api.getComponents().getSecuritySchemes() == null
                ? Map.of() : api.getComponents().getSecuritySchemes();
        List<String> order = new ArrayList<>();
        if (api.getSecurity() != null) {
            for (SecurityRequirement requirement : api.getSecurity()) {
                order.addAll(requirement.keySet());
            }
        }
        order.addAll(schemes.keySet());
        for (String name : order) {
            SecurityScheme s = schemes.get(name);
            if (s == null || s.getType() == null) {
                continue;
            }
            switch (s.getType()) {
                case APIKEY -> {
                    if (s.getIn() == SecurityScheme.In.HEADER) {
                        return new ConnectorManifest.RequestAuth("header", "apiKey", s.getName(), null, null);
                    }
                }
                case HTTP -> {
                    if ("bearer".equalsIgnoreCase(s.getScheme())) {
                        return new ConnectorManifest.RequestAuth("bearer", "apiKey", null, null, null);
                    }
                    if ("basic".equalsIgnoreCase(s.getScheme())) {
                        return new ConnectorManifest.RequestAuth("basic", null, null, "username", "password");
                    }
                }
                case OAUTH2, OPENIDCONNECT -> {
                    if (oauth) {
                        return new ConnectorManifest.RequestAuth("bearer", "apiKey", null, null, null);
                    }
                }
                default -> { }
            }
        }
        return new ConnectorManifest.RequestAuth("none", null, null, null, null);
    }

    /** An operationId as an action name: snake case, letters, digits and _ (addPet → add_pet). */
    static String actionName(String operationId) {
        String snake = operationId.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_")
                .toLowerCase(Locale.ROOT).replaceAll("^_+|_+$", "");
        snake = snake.isEmpty() || !Character.isLetterOrDigit(snake.charAt(0)) ? "op_" + snake : snake;
        return snake.length() > 63 ? snake.substring(0, 63) : snake;
    }
}
