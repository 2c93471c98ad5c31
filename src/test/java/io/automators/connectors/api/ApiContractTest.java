package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API's own document is true: every operation it lists is called at least once with a valid
 * request and once with an invalid one, and each answer's status is one the document lists for the
 * operation, its content type one the document gives for that status, and its body valid against
 * that schema (the document's OpenAPI 3.1 schema, its components alongside, read as JSON Schema
 * 2020-12). Operations that need a system the tests do not run (Nango, an OAuth vendor) are called on
 * their documented error paths: not configured, a forged state, no connection.
 */
class ApiContractTest extends ApiTestSupport {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private JsonNode document;
    private final Map<String, Op> operations = new TreeMap<>();
    private final Set<String> valid = new TreeSet<>();
    private final Set<String> invalid = new TreeSet<>();
    /** Every exchange is checked; the test reports every mismatch at once. */
    private final SoftAssertions softly = new SoftAssertions();

    record Op(String id, String method, String path, JsonNode node) {
        boolean secured() { return !node.path("security").isEmpty(); }
        boolean admin() { return path.startsWith("/api/v1/admin/"); }
    }

    @Test
    void everyOperationAnswersAsTheDocumentSays() throws IOException {
        document = call("GET", "/v3/api-docs", null, null).json();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                operations.put(op.getValue().get("operationId").asText(),
                        new Op(op.getValue().get("operationId").asText(), op.getKey().toUpperCase(), path.getKey(), op.getValue()))));
        Tenant t = newWorkspace("pro");
        String key = t.apiKey();
        String id = "contract-" + UUID.randomUUID().toString().substring(0, 8);

        ok("createWorkspace", "/api/v1/admin/workspaces", adminToken.value(), Map.of("name", "contract", "plan", "free"), 201);
        bad("createWorkspace", "/api/v1/admin/workspaces", key, Map.of("name", "contract"), 401);
        ok("getWorkspaceOpenApi", "/api/v1/openapi.json", key, null, 200);

        ok("searchConnectors", "/api/v1/connectors?category=database", key, null, 200);
        bad("searchConnectors", "/api/v1/connectors?size=0", key, null, 400);
        ok("registerConnector", "/api/v1/connectors", key, Map.of("manifest", manifest(id, "1.0.0")), 201);
        bad("registerConnector", "/api/v1/connectors", key, Map.of("bogus", 1), 400);
        ok("getConnector", "/api/v1/connectors/" + id, key, null, 200);
        bad("getConnector", "/api/v1/connectors/no-such", key, null, 404);
        ok("listConnectorVersions", "/api/v1/connectors/" + id + "/versions", key, null, 200);
        bad("listConnectorVersions", "/api/v1/connectors/no-such/versions", key, null, 404);
        ok("publishConnectorVersion", "/api/v1/connectors/" + id, key, Map.of("manifest", manifest(id, "1.1.0")), 200);
        bad("publishConnectorVersion", "/api/v1/connectors/slack", key, Map.of("manifest", manifest("slack", "9.0.0")), 409);

        Response connected = ok("connect", "/api/v1/connectors/" + id + "/connect", key,
                Map.of("name", "contract", "credentials", Map.of("apiKey", "contract-secret")), 201);
        bad("connect", "/api/v1/connectors/" + id + "/connect", key, Map.of("credentials", Map.of("bogus", "x")), 400);
        ok("listConnections", "/api/v1/connections", key, null, 200);

        String action = "/api/v1/connectors/" + id + "/actions/get_config";
        Response run = ok("runAction", action, key, Map.of("input", Map.of("name", "swagger-config")), 200);
        Response started = ok("runAction", action, key, Map.of("input", Map.of("name", "swagger-config"), "async", true), 202);
        bad("runAction", action, key, Map.of("input", Map.of()), 400);
        bad("runAction", "/api/v1/connectors/" + id + "/actions/no_such", key, Map.of("input", Map.of()), 404);
        ok("getJob", started.header("Location"), key, null, 200);
        bad("getJob", "/api/v1/jobs/not-a-job", key, null, 404);
        ok("getTrace", "/api/v1/traces/" + run.json().get("traceId").asText(), key, null, 200);
        bad("getTrace", "/api/v1/traces/NOT-A-TRACE", key, null, 400);
        ok("decideRoute", "/api/v1/route/decide", key, Map.of("connector", "slack", "action", "send_message"), 200);
        bad("decideRoute", "/api/v1/route/decide", key, Map.of("connector", "no-such", "action", "x"), 404);

        ok("listFlags", "/api/v1/flags", key, null, 200);
        ok("getFlag", "/api/v1/flags/track_model_costs", key, null, 200);
        bad("getFlag", "/api/v1/flags/track_model_costs?userId=", key, null, 400);
        ok("setFlag", "/api/v1/flags/contract_flag", key, Map.of("enabled", true), 200);
        bad("setFlag", "/api/v1/flags/contract_flag", key, Map.of(), 400);
        ok("unsetFlag", "/api/v1/flags/contract_flag", key, null, 204);
        bad("unsetFlag", "/api/v1/flags/contract_flag", key, null, 404);
        ok("getUsage", "/api/v1/usage", key, null, 200);

        ok("recordEvents", "/api/v1/events", key,
                Map.of("event_type", "flow_executed", "properties", Map.of("flow_id", "f-1", "tools_used", List.of("slack"), "time_ms", 820)), 201);
        bad("recordEvents", "/api/v1/events", key, Map.of("event_type", "no_such_event"), 400);
        ok("recordAgentTraces", "/api/v1/traces/agents", key, Map.of("agent_id", "bot-1"), 201);
        bad("recordAgentTraces", "/api/v1/traces/agents", key, "{", 400);
        ok("recordModelCosts", "/api/v1/costs", key, List.of(Map.of("model_name", "gpt-4o", "input_tokens", 10, "output_tokens", 5)), 201);
        bad("recordModelCosts", "/api/v1/costs", key, Map.of("input_tokens", "many"), 400);
        ok("recordGuardrailChecks", "/api/v1/guardrails/similarity", key, Map.of("similarity_score", 0.5, "action_taken", "allowed"), 201);
        bad("recordGuardrailChecks", "/api/v1/guardrails/similarity", key, "[", 400);
        JsonNode har = JSON.readTree(Files.readString(Path.of("src/test/resources/captures/acme-crm.har.json")));
        ok("importCapturedRequests", "/api/v1/imports/captured-requests", key,
                Map.of("id", "acme-contract", "name", "Acme CRM", "category", "crm", "requests", har), 200);
        bad("importCapturedRequests", "/api/v1/imports/captured-requests", key, Map.of("id", "acme-contract", "requests", 5), 400);

        ok("listBackendAccounts", "/api/v1/backend-accounts", key, null, 200);
        ok("setBackendAccount", "/api/v1/backend-accounts/composio", key, Map.of("accountId", "contract-user"), 200);
        bad("setBackendAccount", "/api/v1/backend-accounts/no-such", key, Map.of("accountId", "contract-user"), 404);
        ok("removeBackendAccount", "/api/v1/backend-accounts/composio", key, null, 204);
        bad("removeBackendAccount", "/api/v1/backend-accounts/composio", key, null, 404);

        // OAuth through the runtime's own client: no client configured, a forged state, no connection.
        ok("authorizeOAuth", "/api/v1/oauth/gmail/authorize?name=sales", key, null, 400);
        bad("authorizeOAuth", "/api/v1/oauth/no-such/authorize", key, null, 404);
        ok("finishOAuth", "/api/v1/oauth/gmail/callback?code=abc&state=forged", null, null, 400);
        bad("finishOAuth", "/api/v1/oauth/no-such/callback?code=abc&state=forged", null, null, 404);
        ok("refreshOAuth", "/api/v1/oauth/gmail/refresh", key, null, 404);
        // Nango: not configured here.
        ok("createNangoConnectSession", "/api/v1/nango/connect-sessions", key, Map.of("connector", "slack"), 400);
        bad("createNangoConnectSession", "/api/v1/nango/connect-sessions", key, Map.of("userId", "u"), 400);
        ok("authorizeNango", "/api/v1/nango/oauth/slack/authorize", key, null, 400);
        bad("authorizeNango", "/api/v1/nango/oauth/no-such/authorize", key, null, 404);
        ok("finishNango", "/api/v1/nango/oauth/slack/callback?state=forged&connection_id=c-1", null, null, 400);
        bad("finishNango", "/api/v1/nango/oauth/no-such/callback?state=forged", null, null, 404);
        ok("listNangoConnections", "/api/v1/nango/connections", key, null, 200);
        ok("refreshNango", "/api/v1/nango/oauth/slack/refresh", key, null, 404);
        ok("receiveNangoWebhook", "/api/v1/nango/webhooks", null, Map.of("type", "auth"), 401);
        bad("receiveNangoWebhook", "/api/v1/nango/webhooks", null, "{", 401);

        ok("disconnect", "/api/v1/connectors/" + id + "/connect?connectionId=" + connected.json().get("connectionId").asText(),
                key, null, 204);
        bad("disconnect", "/api/v1/connectors/" + id + "/connect", key, null, 404);
        ok("unregisterConnector", "/api/v1/connectors/" + id, key, null, 204);
        bad("unregisterConnector", "/api/v1/connectors/" + id, key, null, 404);

        // Every secured operation without its bearer.
        operations.values().stream().filter(Op::secured).forEach(op -> bad(op.id(),
                op.path().replaceAll("\\{[^}]+}", "slack"), null, op.node().has("requestBody") ? Map.of() : null, 401));

        softly.assertThat(valid).as("operations called with a valid request").isEqualTo(operations.keySet());
        softly.assertThat(invalid).as("operations called with an invalid request").isEqualTo(operations.keySet());
        softly.assertAll();
    }

    @Test
    void theValidatorRefusesABodyTheDocumentDoesNotAllow() {
        document = call("GET", "/v3/api-docs", null, null).json();
        JsonNode problem = JSON.createObjectNode().put("$ref", "#/components/schemas/Problem");
        assertThat(validate(problem, JSON.createObjectNode().put("type", "x").put("title", "t").put("status", 400).put("traceId", "a")))
                .isEmpty();
        assertThat(validate(problem, JSON.createObjectNode().put("status", "four hundred"))).isNotEmpty();
    }

    private Response ok(String operationId, String path, String bearer, Object body, int status) {
        valid.add(operationId);
        return exchange(operationId, path, bearer, body, status);
    }

    private Response bad(String operationId, String path, String bearer, Object body, int status) {
        invalid.add(operationId);
        return exchange(operationId, path, bearer, body, status);
    }

    private Response exchange(String operationId, String path, String bearer, Object body, int status) {
        Op op = operations.get(operationId);
        assertThat(op).as("the document has no operation " + operationId).isNotNull();
        String template = "\\Q" + op.path().replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E(\\?.*)?";
        assertThat(path).as(operationId).matches(template);
        Response r = call(op.method(), path, bearer, body);
        String what = op.method() + " " + path + " → " + r;
        softly.assertThat(r.status()).as(what).isEqualTo(status);
        JsonNode responses = op.node().get("responses");
        String code = String.valueOf(r.status());
        JsonNode documented = responses.has(code) ? responses.get(code)
                : responses.has(r.status() / 100 + "XX") ? responses.get(r.status() / 100 + "XX") : responses.get("default");
        if (documented == null) {
            softly.fail(operationId + " does not document " + code + ": " + what);
            return r;
        }
        JsonNode content = documented.get("content");
        if (content == null) {
            softly.assertThat(r.body()).as(what).isEmpty();
            return r;
        }
        String mediaType = r.contentType().split(";")[0].trim();
        if (!content.has(mediaType)) {
            softly.fail(operationId + " " + code + " answers " + mediaType + ", documented "
                    + content.properties().stream().map(Map.Entry::getKey).toList());
            return r;
        }
        softly.assertThat(validate(content.get(mediaType).get("schema"), r.json())).as(operationId + " " + what).isEmpty();
        return r;
    }

    /** The operation's OpenAPI 3.1 schema as a JSON Schema 2020-12 document, the components beside it for its $refs. */
    private Set<ValidationMessage> validate(JsonNode schema, JsonNode body) {
        ObjectNode root = schema == null || !schema.isObject() ? JSON.createObjectNode() : ((ObjectNode) schema).deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        return SCHEMAS.getSchema(root).validate(body);
    }

    /** A declarative connector whose vendor is this runtime's own Swagger UI configuration: no key needed to read it. */
    private Map<String, Object> manifest(String id, String version) {
        Map<String, Object> manifest = new HashMap<>(Map.of("id", id, "name", "Contract " + version, "category", "developer_tools",
                "version", version, "description", "Reads the API document's configuration.", "family", "declarative",
                "auth", Map.of("type", "api_key", "credentials", List.of(Map.of("name", "apiKey", "required", true, "secret", true))),
                "baseUrl", "http://127.0.0.1:" + port,
                "requestAuth", Map.of("scheme", "header", "name", "X-Api-Key", "field", "apiKey"),
                "actions", Map.of("get_config", Map.of("description", "Read a configuration.", "idempotent", true,
                        "input", Map.of("type", "object", "required", List.of("name"),
                                "properties", Map.of("name", Map.of("type", "string", "minLength", 1))),
                        "request", Map.of("method", "GET", "path", "/v3/api-docs/{name}")))));
        return manifest;
    }
}
