package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.routing.CallContext;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The API's own OpenAPI 3.1 document ({@code /v3/api-docs}, copied to docs/openapi.yaml): springdoc reads
 * the controllers; this adds, in one place, what it cannot see — each operation's id, its success status
 * (201, 202, 204, 302 from a ResponseEntity), the schemas of answers built as maps, the problem+json
 * answers it can give (one shared {@code Problem}), and who may call it (the workspace key, the admin
 * token, or nobody's bearer: the connect callbacks and Nango's webhook). Admin calls other than creating
 * a workspace are the operator's, not a client's, and are left out.
 */
@Configuration
public class ApiDocument {

    static final String WORKSPACE_KEY = "workspaceKey";
    static final String ADMIN_TOKEN = "adminToken";
    static final String PROBLEM = "Problem";
    static final String REF = "#/components/schemas/";
    static final String PARAMETERS = "#/components/parameters/";

    /** The admin paths a client needs; the operator's others (flags, outbox, reload status) stay out. */
    private static final Set<String> ADMIN_PATHS_DOCUMENTED = Set.of("/api/v1/admin/workspaces");

    /** The paths called without a bearer: a sealed state or Nango's signature stands for it. */
    private static final Set<String> NO_BEARER = Set.of("/api/v1/oauth/{connector}/callback",
            "/api/v1/nango/oauth/{provider}/callback", NangoWebhookController.PATH);

    /** Each handler method's operation: its id, its success status and the problems it answers besides the common ones. */
    private static final Map<String, Answers> OPERATIONS = Map.ofEntries(
            op("ActionController#run", "runAction", 200, 202, 403, 404, 409, 422, 429, 501, 502, 503, 504),
            op("ActionController#decide", "decideRoute", 200, 403, 404),
            op("CatalogController#search", "searchConnectors", 200),
            op("CatalogController#one", "getConnector", 200, 404),
            op("CatalogController#versions", "listConnectorVersions", 200, 404),
            op("CatalogController#register", "registerConnector", 201, 403, 409),
            op("CatalogController#registerYaml", "registerConnector", 201, 403, 409),
            op("CatalogController#publish", "publishConnectorVersion", 200, 403, 404, 409),
            op("CatalogController#publishYaml", "publishConnectorVersion", 200, 403, 404, 409),
            op("CatalogController#unregister", "unregisterConnector", 204, 404, 409),
            op("ConnectionController#connect", "connect", 201, 403, 404, 409, 503),
            op("ConnectionController#disconnect", "disconnect", 204, 404, 503),
            op("ConnectionController#list", "listConnections", 200),
            op("JobController#job", "getJob", 200, 404),
            op("OAuthController#authorize", "authorizeOAuth", 200, 404),
            op("OAuthController#callback", "finishOAuth", 200, 302, 403, 404, 502, 503, 504),
            op("OAuthController#refresh", "refreshOAuth", 200, 404, 502, 503, 504),
            op("NangoController#connectSession", "createNangoConnectSession", 201, 404, 502, 503, 504),
            op("NangoController#authorize", "authorizeNango", 200, 404, 502, 503, 504),
            op("NangoController#callback", "finishNango", 200, 302, 403, 404, 502, 503, 504),
            op("NangoController#connections", "listNangoConnections", 200),
            op("NangoController#refresh", "refreshNango", 200, 404, 409, 502, 503, 504),
            op("NangoWebhookController#receive", "receiveNangoWebhook", 200, 401),
            op("FlagController#list", "listFlags", 200, 403),
            op("FlagController#one", "getFlag", 200, 403),
            op("FlagController#set", "setFlag", 200, 403),
            op("FlagController#unset", "unsetFlag", 204, 403, 404),
            op("UsageController#usage", "getUsage", 200),
            op("TraceController#trace", "getTrace", 200),
            op("IngestionController#events", "recordEvents", 201),
            op("IngestionController#agentTraces", "recordAgentTraces", 201),
            op("IngestionController#costs", "recordModelCosts", 201),
            op("IngestionController#similarity", "recordGuardrailChecks", 201),
            op("ImportController#importCaptured", "importCapturedRequests", 200),
            op("BackendAccountController#list", "listBackendAccounts", 200),
            op("BackendAccountController#set", "setBackendAccount", 200, 404),
            op("BackendAccountController#remove", "removeBackendAccount", 204, 404),
            op("AdminController#create", "createWorkspace", 201),
            op("WorkspaceOpenApiController#document", "getWorkspaceOpenApi", 200));

    /** The answers springdoc sees only as a map (or Object): their schemas, by operation id. */
    private static final Map<String, Schema<?>> ANSWER_SCHEMAS = Map.ofEntries(
            Map.entry("runAction", ref("CallResult")),
            Map.entry("getConnector", ref("ConnectorDetail")),
            Map.entry("listConnectorVersions", array(ref("ConnectorVersion"))),
            Map.entry("registerConnector", ref("ConnectorVersion")),
            Map.entry("publishConnectorVersion", ref("ConnectorVersion")),
            Map.entry("connect", ref("Connection")),
            Map.entry("listConnections", array(ref("Connection"))),
            Map.entry("getJob", ref("Job")),
            Map.entry("finishOAuth", ref("ConnectCallback")),
            Map.entry("finishNango", ref("ConnectCallback")),
            Map.entry("refreshOAuth", ref("Connection")),
            Map.entry("refreshNango", ref("Connection")),
            Map.entry("listNangoConnections", array(ref("Connection"))),
            Map.entry("getUsage", ref("Usage")),
            Map.entry("getTrace", ref("Trace")),
            Map.entry("recordEvents", ref("Recorded")),
            Map.entry("recordAgentTraces", ref("Recorded")),
            Map.entry("recordModelCosts", ref("Recorded")),
            Map.entry("recordGuardrailChecks", ref("Recorded")),
            Map.entry("importCapturedRequests", ref("ImportedConnector")),
            Map.entry("receiveNangoWebhook", object(Map.of("result", any()), List.of("result"))),
            Map.entry("getWorkspaceOpenApi", object(Map.of("openapi", string()), List.of("openapi"))));

    static {
        // A JsonNode body or field is any JSON value (an action's input, a manifest, one record or an array).
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>().description("Any JSON value"));
    }

    private final org.springframework.core.env.Environment environment;

    public ApiDocument(org.springframework.core.env.Environment environment) {
        this.environment = environment;
    }

    /**
     * The server the document names, read when the document is made: a setting may name the port the
     * server listens on ({@code ${local.server.port}}), which is only known once it listens.
     */
    static String serverUrl(org.springframework.core.env.Environment environment) {
        return environment.getProperty("automators.api.server-url", "http://localhost:8080");
    }

    @Bean
    OpenAPI automatorsOpenApi() {
        Components components = new Components()
                .addSecuritySchemes(WORKSPACE_KEY, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A workspace's API key (ak_…): every /api/v1 call but the admin's and the callbacks"))
                .addSecuritySchemes(ADMIN_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The runtime's admin token (automators.admin-token): /api/v1/admin calls"));
        return new OpenAPI()
                .info(new Info().title("Automators Connectors API").version("v1")
                        .description("Run connector actions, manage connections and a workspace's catalog, and record what"
                                + " the platform's components did. Every error is application/problem+json (" + PROBLEM
                                + "). A workspace's own typed document, one operation per action: GET /api/v1/openapi.json."))
                .components(components);
    }

    /** Names each operation (the table above; else controller and method) and tags it by what it is about. */
    @Bean
    OperationCustomizer operationIds() {
        return (operation, handler) -> {
            String key = handler.getBeanType().getSimpleName() + "#" + handler.getMethod().getName();
            Answers answers = OPERATIONS.get(key);
            String prefix = handler.getBeanType().getSimpleName().replace("Controller", "");
            operation.setOperationId(answers != null ? answers.operationId()
                    : Character.toLowerCase(prefix.charAt(0)) + prefix.substring(1)
                            + Character.toUpperCase(handler.getMethod().getName().charAt(0)) + handler.getMethod().getName().substring(1));
            operation.setTags(List.of(tagOf(prefix)));
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer documentApi() {
        return openApi -> {
            openApi.servers(List.of(new Server().url(serverUrl(environment))));
            // Added here, after springdoc made its own: the problem, and the answers built as maps.
            sharedSchemas().forEach(openApi.getComponents()::addSchemas);
            headerParameters().forEach(openApi.getComponents()::addParameters);
            answerSchemas().forEach(openApi.getComponents()::addSchemas);
            Map<String, PathItem> kept = new TreeMap<>();
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/v1/admin/") && !ADMIN_PATHS_DOCUMENTED.contains(path)) {
                    return;
                }
                item.readOperations().forEach(operation -> document(path, operation));
                kept.put(path, item);
            });
            openApi.getPaths().clear();
            kept.forEach(openApi.getPaths()::addPathItem);
            openApi.setTags(null); // the operations' tags say it; no list of controller names
        };
    }

    private void document(String path, Operation operation) {
        Answers answers = OPERATIONS.values().stream().filter(a -> a.operationId().equals(operation.getOperationId()))
                .findFirst().orElse(new Answers(operation.getOperationId(), 200, new int[0]));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        // springdoc's success answer: 200, or what @ResponseStatus says.
        ApiResponse ok = responses.containsKey("200") ? responses.get("200") : responses.get(String.valueOf(answers.success()));
        Content content = ok == null ? null : ok.getContent();
        if ("receiveNangoWebhook".equals(operation.getOperationId())) {
            // Read as bytes (the signature is over them), sent as Nango's JSON.
            operation.getRequestBody().setContent(json(object(Map.of(), List.of()).description("Nango's webhook, as Nango sends it")));
        }
        Schema<?> answerSchema = ANSWER_SCHEMAS.get(operation.getOperationId());
        if (answerSchema != null) {
            content = json(answerSchema);
        }
        Map<String, ApiResponse> documented = new TreeMap<>();
        int success = answers.success();
        documented.put(String.valueOf(success), new ApiResponse().description(HttpStatus.valueOf(success).getReasonPhrase())
                .content(success == 204 ? null : content));
        boolean secured = !NO_BEARER.contains(path);
        Set<Integer> problems = new TreeSet<>(List.of(400, 406, 500));
        if (secured) {
            problems.add(401);
        }
        if (operation.getRequestBody() != null) {
            problems.addAll(List.of(413, 415));
        }
        if (path.contains("{")) {
            problems.add(404);
        }
        for (int status : answers.more()) {
            switch (status) {
                case 202 -> documented.put("202", new ApiResponse().description("Accepted: the call runs in the background")
                        .content(json(ref("Job"))));
                case 302 -> documented.put("302", new ApiResponse()
                        .description("Found: the browser goes to automators.oauth.redirect-url with the outcome in its query"));
                default -> problems.add(status);
            }
        }
        problems.forEach(status -> documented.put(String.valueOf(status), problem(status)));
        if ("runAction".equals(operation.getOperationId())) {
            // A vendor's refusal answers the vendor's own 4xx.
            documented.put("default", new ApiResponse().description("A problem: the vendor's own 4xx (vendor-refused), or"
                    + " another failure of the call").content(problemContent()));
        }
        ApiResponses ordered = new ApiResponses();
        documented.forEach(ordered::addApiResponse);
        operation.setResponses(ordered);
        if (secured) {
            operation.addParametersItem(new Parameter().$ref(PARAMETERS + "traceparent"));
            if (!path.startsWith("/api/v1/admin/")) {
                operation.addParametersItem(new Parameter().$ref(PARAMETERS + "userId"));
            }
        }
        if (path.startsWith("/api/v1/admin/")) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN_TOKEN)));
        } else if (secured) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(WORKSPACE_KEY)));
        } else {
            operation.setSecurity(List.of()); // an empty list: no bearer
        }
    }

    /** The headers every call may send: the caller's trace, and whose run a workspace key's call belongs to. */
    static Map<String, Parameter> headerParameters() {
        Map<String, Parameter> headers = new LinkedHashMap<>();
        headers.put("traceparent", new Parameter().in("header").name("traceparent").required(false)
                .description("A W3C traceparent: the call continues the caller's trace (an invalid one starts a new trace)")
                .schema(string()));
        headers.put("userId", new Parameter().in("header").name(ApiKeyFilter.USER_HEADER).required(false)
                .description("The user whose run the call belongs to, with a workspace's key (1–200 characters; a user's own key wins)")
                .schema(string().minLength(1).maxLength(200)));
        return headers;
    }

    /** One problem+json answer of the shared {@link #PROBLEM} schema. */
    static ApiResponse problem(int status) {
        ApiResponse response = new ApiResponse().description(HttpStatus.valueOf(status).getReasonPhrase() + " (problem+json)")
                .content(problemContent());
        if (status == 429) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait (the vendor's, or to the end of"
                    + " the UTC day for a spent quota)").schema(string()));
        }
        return response;
    }

    static Content problemContent() {
        return new Content().addMediaType(Problems.MEDIA_TYPE, new MediaType().schema(ref(PROBLEM)));
    }

    static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    /** The schemas both documents share (the problem, a call's result and its context) and the map answers'. */
    static Map<String, Schema<?>> sharedSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put(PROBLEM, problemSchema());
        schemas.put("CallResult", object(props(
                "output", any().description("The action's output (its shape is the connector's)"),
                "provider", string().description("What ran the call (runtime-stored-key, nango, …)"),
                "rule", integer().description("The waterfall's rule that chose it (1–12)"),
                "traceId", string().description("The call's W3C trace id"),
                "latencyMs", integer()), List.of()).description("What an action call answers"));
        schemas.put("Job", object(props(
                "jobId", string().format("uuid"), "href", string(), "connector", string(), "action", string(),
                "status", string()._enum(List.of("running", "succeeded", "failed", "lost")),
                "traceId", string(), "startedAt", string(), "finishedAt", string(), "rule", integer(), "provider", string(),
                "output", any(), "problem", ref(PROBLEM), "detail", string()),
                List.of("jobId", "href", "connector", "action", "status")).description("An action call run in the background"));
        schemas.put("CallContext", callContext());
        return schemas;
    }

    /** Where a call comes from (routing.CallContext's fields; each at most 200 characters). */
    private static Schema<?> callContext() {
        Map<String, Schema<?>> fields = new LinkedHashMap<>();
        for (String field : List.of("flowId", "executionId", "nodeId", "nodeType", "agentId", "complexity")) {
            fields.put(field, string().maxLength(CallContext.MAX_LENGTH));
        }
        fields.put("visualWorkflow", bool());
        return object(fields, List.of()).description("Where the call comes from: the workflow's flow, execution and node");
    }

    /** The API's own answers built as maps. */
    private static Map<String, Schema<?>> answerSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put("Connection", object(props(
                "connectionId", string().format("uuid"), "connectorId", string(), "name", string(),
                "kind", string()._enum(List.of("credentials", "nango", "oauth")), "isDefault", bool(),
                "status", string()._enum(List.of("connected", "needs_reconnect", "revoked")),
                "statusChangedAt", nullable(string()), "statusReason", string(), "nangoConnectionId", string(),
                "createdAt", nullable(string())), List.of("connectionId", "connectorId", "name", "kind", "status"))
                .description("A workspace's connection to a connector (its credentials are never answered)"));
        schemas.put("ConnectCallback", object(props("status", string()._enum(List.of("connected")), "connection",
                ref("Connection")), List.of("status", "connection")));
        schemas.put("ConnectorVersion", object(props(
                "version", string(), "builtIn", bool(), "current", bool(), "id", string(), "source", string(),
                "actions", array(string()), "publishedAt", nullable(string())), List.of("version", "builtIn", "current"))
                .description("One version of a connector (a workspace's own: with its source and when it was published)"));
        schemas.put("ConnectorDetail", object(props(
                "connector", object(Map.of(), List.of()).description("The manifest: actions with their input schemas, credential fields"),
                "connections", array(object(props("connectionId", string().format("uuid"), "name", string(),
                        "isDefault", bool(), "status", string()), List.of("connectionId", "name", "status"))),
                "connected", bool(), "builtIn", bool()), List.of("connector", "connections", "connected", "builtIn")));
        schemas.put("Usage", object(props("workspaceId", string().format("uuid"), "plan", string(),
                "sharedKeyCalls", object(props("used", integer(), "limit", nullable(integer()), "remaining", nullable(integer()),
                        "window", object(props("day", string().format("date"), "resetsAt", string().format("date-time")),
                                List.of("day", "resetsAt"))), List.of("used", "limit", "remaining", "window"))),
                List.of("workspaceId", "plan", "sharedKeyCalls")));
        schemas.put("Trace", object(props("traceId", string(), "eventLogs", array(object(Map.of(), List.of())),
                "agentTraces", array(object(Map.of(), List.of())), "modelCosts", array(object(Map.of(), List.of())),
                "promptSimilarity", array(object(Map.of(), List.of()))),
                List.of("traceId", "eventLogs", "agentTraces", "modelCosts", "promptSimilarity"))
                .description("Every logged row of one trace, the workspace's own only"));
        schemas.put("Recorded", object(props("recorded", integer(), "traceId", string(), "warnings", array(string())),
                List.of("recorded", "traceId")));
        schemas.put("ImportedConnector", object(props("id", string(), "actions", array(string()),
                "manifest", string().description("The declarative manifest, as YAML"), "notes", array(string())),
                List.of("id", "actions", "manifest", "notes")));
        return schemas;
    }

    /** RFC 9457's members, the call's traceId, the fields an invalid input names and a refused route's decision. */
    static Schema<?> problemSchema() {
        Schema<?> problem = object(props(
                "type", string().format("uri").description("https://automators.io/problems/<slug> (docs/api.md, Errors)"),
                "title", string(), "status", integer(), "detail", string(),
                "instance", string().format("uri-reference").description("The request's path"),
                "traceId", string().description("The call's W3C trace id: finds it in the logs and GET /api/v1/traces/{traceId}"),
                "errors", array(object(props("path", string().description("A JSON pointer into the request"), "message", string()),
                        List.of("path", "message"))),
                "decision", object(Map.of(), List.of()).description("The waterfall's decision (an unroutable call)")),
                List.of("type", "title", "status", "traceId"));
        problem.setAdditionalProperties(true); // a kind's own members: vendorStatus, retryAfter, connectionId, quota, …
        return problem.description("An RFC 9457 problem (application/problem+json)");
    }

    static Map<String, Schema<?>> props(Object... nameThenSchema) {
        Map<String, Schema<?>> props = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            props.put((String) nameThenSchema[i], (Schema<?>) nameThenSchema[i + 1]);
        }
        return props;
    }

    static Schema<?> object(Map<String, Schema<?>> properties, List<String> required) {
        Schema<Object> schema = typed("object");
        if (!properties.isEmpty()) {
            schema.setProperties(new LinkedHashMap<>(properties));
        }
        if (!required.isEmpty()) {
            schema.setRequired(new ArrayList<>(required));
        }
        return schema;
    }

    static Schema<?> array(Schema<?> items) {
        Schema<Object> schema = typed("array");
        schema.setItems(items);
        return schema;
    }

    static Schema<String> string() { return typed("string"); }

    static Schema<?> integer() { return typed("integer"); }

    static Schema<?> bool() { return typed("boolean"); }

    /** Any JSON value. */
    static Schema<?> any() { return new Schema<>(); }

    static Schema<?> ref(String name) { return new Schema<>().$ref(REF + name); }

    /** The type, or null (a map's member that is answered as null). */
    static Schema<?> nullable(Schema<?> schema) {
        Set<String> types = new TreeSet<>(schema.getTypes());
        types.add("null");
        schema.setTypes(types);
        return schema;
    }

    /** OpenAPI 3.1 writes a schema's {@code types}. */
    private static <T> Schema<T> typed(String type) {
        Schema<T> schema = new Schema<>();
        schema.setTypes(new TreeSet<>(Set.of(type)));
        return schema;
    }

    private static String tagOf(String prefix) {
        return switch (prefix) {
            case "Action", "Job" -> "actions";
            case "Catalog", "WorkspaceOpenApi" -> "catalog";
            case "Connection", "OAuth", "Nango", "NangoWebhook", "BackendAccount" -> "connections";
            case "Flag" -> "flags";
            case "Usage", "Trace", "Ingestion" -> "observability";
            case "Import" -> "imports";
            case "Admin" -> "admin";
            default -> prefix.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static Map.Entry<String, Answers> op(String handler, String operationId, int success, int... more) {
        return Map.entry(handler, new Answers(operationId, success, more));
    }

    /** An operation's id, its success status, and its other statuses (202, 302, or problems). */
    private record Answers(String operationId, int success, int[] more) {}
}
