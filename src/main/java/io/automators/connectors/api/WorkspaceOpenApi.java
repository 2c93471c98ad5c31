package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.WorkspaceCatalog;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A workspace's typed OpenAPI 3.1 document: every action it can call (the runtime's connectors and its
 * own) as its own operation, {@code POST /api/v1/connectors/<connector>/actions/<action>}, with the
 * action's JSON Schema as the body's {@code input}, so a standard generator makes a typed client of it.
 * The input schemas are kept as the manifests write them, as components of their own (their local
 * {@code $ref}s pointed there; {@code $schema} and {@code $id} dropped: the document is the resource).
 */
@Component
class WorkspaceOpenApi {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The problems an action call can answer (docs/api.md, Errors); the vendor's own 4xx under default. */
    private static final List<Integer> PROBLEMS = List.of(400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 501, 502, 503, 504);

    private final WorkspaceCatalog catalog;
    private final org.springframework.core.env.Environment environment;

    WorkspaceOpenApi(WorkspaceCatalog catalog, org.springframework.core.env.Environment environment) {
        this.catalog = catalog;
        this.environment = environment;
    }

    /** The document, as JSON (OpenAPI 3.1 as swagger-core writes it, the input schemas verbatim). */
    ObjectNode document(UUID workspace) {
        List<CatalogEntry> entries = catalog.search(workspace, null, null);
        OpenAPI openApi = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
                .info(new Info().title("Automators Connectors: the workspace's actions").version("v1")
                        .description("Every action workspace " + workspace + " can call, one operation each. The input is"
                                + " validated against the action's JSON Schema; every error is application/problem+json."))
                .servers(List.of(new Server().url(ApiDocument.serverUrl(environment))))
                .addSecurityItem(new SecurityRequirement().addList(ApiDocument.WORKSPACE_KEY));
        Components components = new Components()
                .addSecuritySchemes(ApiDocument.WORKSPACE_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("The workspace's API key"));
        ApiDocument.headerParameters().forEach(components::addParameters);
        ApiDocument.sharedSchemas().forEach(components::addSchemas);
        Paths paths = new Paths();
        Map<String, JsonNode> inputs = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        Map<String, PathItem> sorted = new TreeMap<>();
        for (CatalogEntry entry : entries) {
            new TreeMap<>(entry.actions()).forEach((name, action) -> {
                String operationId = unique(identifier(entry.id() + "_" + name), ids);
                String input = operationId + "_input";
                inputs.put(input, action.spec().input() == null ? NODES.objectNode().put("type", "object") : action.spec().input());
                sorted.put("/api/v1/connectors/" + entry.id() + "/actions/" + name,
                        new PathItem().post(operation(entry, name, action.spec().description(), operationId, input)));
            });
        }
        sorted.forEach(paths::addPathItem);
        openApi.paths(paths).components(components);
        ObjectNode document = Json31.mapper().valueToTree(openApi);
        ObjectNode schemas = document.with("components").with("schemas");
        inputs.forEach((name, schema) -> schemas.set(name, embedded(schema, ApiDocument.REF + name)));
        return document;
    }

    private static Operation operation(CatalogEntry entry, String action, String description, String operationId, String input) {
        Map<String, Schema<?>> body = new LinkedHashMap<>();
        body.put("input", ApiDocument.ref(input));
        body.put("connectionId", ApiDocument.string().description("The connection to use (default: the connector's default one)"));
        body.put("context", ApiDocument.ref("CallContext"));
        body.put("async", ApiDocument.bool().description("true: answer 202 with the job at once, run in the background"));
        body.put("version", ApiDocument.string().description("Pin the connector's version (a workspace's own connector)"));
        ApiResponses responses = new ApiResponses()
                .addApiResponse("200", new ApiResponse().description("The action's output and how the call was routed")
                        .content(ApiDocument.json(ApiDocument.ref("CallResult"))))
                .addApiResponse("202", new ApiResponse().description("Accepted (async): the job, polled at its href")
                        .content(ApiDocument.json(ApiDocument.ref("Job"))));
        PROBLEMS.forEach(status -> responses.addApiResponse(String.valueOf(status), ApiDocument.problem(status)));
        responses.addApiResponse("default", new ApiResponse().description("A problem: the vendor's own 4xx (vendor-refused)")
                .content(ApiDocument.problemContent()));
        return new Operation().operationId(operationId)
                .summary(entry.manifest().name() + ": " + action)
                .description(description)
                .tags(List.of(entry.manifest().category() == null ? "other" : entry.manifest().category()))
                .addParametersItem(new Parameter().$ref(ApiDocument.PARAMETERS + "traceparent"))
                .addParametersItem(new Parameter().$ref(ApiDocument.PARAMETERS + "userId"))
                .requestBody(new RequestBody().required(false).content(ApiDocument.json(
                        ApiDocument.object(body, List.of("input")).description("The action call"))))
                .responses(responses);
    }

    /** A valid identifier for generators: letters, digits and underscores. */
    static String identifier(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(id.charAt(0)) ? "_" + id : id;
    }

    private static String unique(String id, Set<String> taken) {
        String candidate = id;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = id + "_" + n;
        }
        return candidate;
    }

    /** The schema as a component at {@code base}: its local references pointed there, {@code $schema} and {@code $id} dropped. */
    static JsonNode embedded(JsonNode schema, String base) {
        if (schema.isArray()) {
            ArrayNode out = NODES.arrayNode();
            schema.forEach(element -> out.add(embedded(element, base)));
            return out;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = NODES.objectNode();
        schema.fields().forEachRemaining(field -> {
            switch (field.getKey()) {
                case "$schema", "$id" -> { }
                case "$ref" -> out.set("$ref", field.getValue().isTextual() && field.getValue().asText().startsWith("#")
                        ? NODES.textNode(base + field.getValue().asText().substring(1)) : field.getValue());
                // Property names and enum/const values are data, not schemas: kept as they are.
                case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" -> {
                    ObjectNode members = NODES.objectNode();
                    field.getValue().fields().forEachRemaining(m -> members.set(m.getKey(), embedded(m.getValue(), base)));
                    out.set(field.getKey(), field.getValue().isObject() ? members : field.getValue());
                }
                case "enum", "const", "default", "examples", "example", "required" -> out.set(field.getKey(), field.getValue());
                default -> out.set(field.getKey(), embedded(field.getValue(), base));
            }
        });
        return out;
    }
}
