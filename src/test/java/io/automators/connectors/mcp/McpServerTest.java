package io.automators.connectors.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.api.DemoDatabase;
import io.automators.connectors.slack.SlackStub;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The MCP edge at /mcp, through the MCP Java SDK's own client over Streamable HTTP against the running
 * runtime: sessions, the workspace's tools, tool calls on the call path (their event rows and traces),
 * and the refusals before any MCP message is read.
 */
class McpServerTest extends ApiTestSupport {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},
             "clientInfo":{"name":"curl","version":"1"}}}""";
    private static final Map<String, String> STREAMABLE = Map.of("Accept", "application/json, text/event-stream");

    private final List<McpSyncClient> clients = new ArrayList<>();

    @DynamicPropertySource
    static void slackBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

    private McpSyncClient client(String apiKey, String endpoint, Consumer<List<McpSchema.Tool>> onToolsChanged) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint(endpoint)
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + apiKey))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("mcp-server-test", "1.0"))
                // The client checks each result's structured content against its tool's outputSchema.
                .enableCallToolSchemaCaching(true).jsonSchemaValidator(McpServerTest::validate);
        if (onToolsChanged != null) {
            spec.toolsChangeConsumer(onToolsChanged);
        }
        McpSyncClient client = spec.build();
        clients.add(client);
        client.initialize();
        return client;
    }

    /**
     * The client's schema check on the project's JSON Schema library: the SDK's Jackson 2 module
     * validates with a major version of it that the catalog does not use (docs/mcp.md).
     */
    private static JsonSchemaValidator.ValidationResponse validate(Map<String, Object> schema, Object content) {
        JsonNode node = JSON.valueToTree(content);
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.<JsonNode>valueToTree(schema)).validate(node);
        return errors.isEmpty() ? JsonSchemaValidator.ValidationResponse.asValid(node.toString())
                : JsonSchemaValidator.ValidationResponse.asInvalid(errors.toString());
    }

    private McpSyncClient client(String apiKey) {
        return client(apiKey, "/mcp", null);
    }

    private static List<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    private static JsonNode structured(McpSchema.CallToolResult result) {
        return JSON.valueToTree(result.structuredContent());
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private JsonNode eventRowOf(ApiTestSupport.Tenant tenant, String traceId) {
        JsonNode[] row = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = call("GET", "/api/v1/traces/" + traceId, tenant.apiKey(), null).json().get("eventLogs");
            assertThat(rows).hasSize(1);
            row[0] = rows.get(0);
        });
        return row[0];
    }

    @Test
    void initializesASessionWithTheClientsProtocolVersion() {
        Tenant t = newWorkspace("pro");
        McpSyncClient client = client(t.apiKey());
        McpSchema.InitializeResult init = client.getCurrentInitializationResult();
        assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(init.serverInfo().name()).isEqualTo("automators-connectors");
        assertThat(init.capabilities().tools().listChanged()).isTrue();
        assertThat(client.ping()).isNotNull();

        Response older = call("POST", "/mcp", t.apiKey(), INITIALIZE.formatted("2025-03-26"), STREAMABLE);
        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(older.header("Mcp-Session-Id")).isNotBlank();
        assertThat(older.json().at("/result/protocolVersion").asText()).isEqualTo("2025-03-26");

        Response unknown = call("POST", "/mcp", t.apiKey(), INITIALIZE.formatted("1999-01-01"), STREAMABLE);
        assertThat(unknown.json().at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(unknown.header("Mcp-Session-Id")).isNotEqualTo(older.header("Mcp-Session-Id"));
    }

    @Test
    void refusesAProtocolVersionItDoesNotSpeakAndAnUnknownOrDeletedSession() {
        Tenant t = newWorkspace("pro");
        String session = call("POST", "/mcp", t.apiKey(), INITIALIZE.formatted("2025-06-18"), STREAMABLE).header("Mcp-Session-Id");
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

        Response badVersion = call("POST", "/mcp", t.apiKey(), list, merged(Map.of("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "1999-01-01")));
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.contentType()).startsWith("application/problem+json");

        Response listed = call("POST", "/mcp", t.apiKey(), list, merged(Map.of("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-06-18")));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("postgresql__execute_query");

        Response noSession = call("POST", "/mcp", t.apiKey(), list, merged(Map.of("Mcp-Session-Id", UUID.randomUUID().toString())));
        assertThat(noSession.status()).isEqualTo(404);

        assertThat(call("DELETE", "/mcp", t.apiKey(), null, Map.of("Mcp-Session-Id", session)).status()).isEqualTo(200);
        assertThat(call("POST", "/mcp", t.apiKey(), list, merged(Map.of("Mcp-Session-Id", session))).status()).isEqualTo(404);
    }

    @Test
    void listsEveryActionAsAToolWithItsManifestsSchema() {
        Tenant t = newWorkspace("pro");
        List<McpSchema.Tool> tools = client(t.apiKey()).listTools().tools();
        List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
        assertThat(names).contains("postgresql__execute_query", "postgresql__list_tables", "slack__send_message",
                "microsoft_teams__send_message").doesNotHaveDuplicates();
        assertThat(names).allMatch(n -> n.matches("[A-Za-z0-9_.-]{1,128}"));

        for (String connector : List.of("postgresql", "slack")) {
            JsonNode manifest = call("GET", "/api/v1/connectors/" + connector, t.apiKey(), null).json().get("connector");
            manifest.get("actions").fields().forEachRemaining(action -> {
                McpSchema.Tool tool = tools.stream().filter(x -> x.name().equals(connector + "__" + action.getKey()))
                        .findFirst().orElseThrow();
                assertThat(JSON.<JsonNode>valueToTree(tool.inputSchema())).isEqualTo(action.getValue().get("input"));
                assertThat(tool.description()).isEqualTo(action.getValue().get("description").asText());
            });
        }
    }

    @Test
    void narrowsTheToolsToTheConnectorsTheUrlAsksFor() {
        Tenant t = newWorkspace("pro");
        assertThat(names(client(t.apiKey(), "/mcp?connectors=postgresql", null)))
                .containsExactly("postgresql__execute_query", "postgresql__list_tables");
        assertThat(names(client(t.apiKey(), "/mcp?categories=communication", null)))
                .contains("slack__send_message").noneMatch(n -> n.startsWith("postgresql__"));
    }

    @Test
    void runsExecuteQueryOnTheDemoDatabaseThroughTheCallPath() throws Exception {
        Tenant t = newWorkspace("pro");
        Response connected = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "demo", "credentials", DemoDatabase.credentials()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);

        McpSchema.CallToolResult result = client(t.apiKey()).callTool(new McpSchema.CallToolRequest("postgresql__execute_query",
                Map.of("sql", "SELECT name FROM customers WHERE plan = ?", "params", List.of("pro"))));

        assertThat(result.isError()).as(text(result)).isFalse();
        JsonNode answer = structured(result);
        assertThat(answer.at("/output/rowCount").asInt()).isEqualTo(1);
        assertThat(answer.at("/output/columns/0").asText()).isEqualTo("name");
        assertThat(answer.get("provider").asText()).isEqualTo("runtime-stored-key");
        assertThat(answer.get("rule").asInt()).isEqualTo(2);
        String traceId = answer.get("traceId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(result.meta()).containsEntry("io.automators/traceId", traceId);
        assertThat(JSON.readTree(text(result))).isEqualTo(answer);

        JsonNode row = eventRowOf(t, traceId);
        assertThat(row.get("event_type").asText()).isEqualTo("tool_used");
        assertThat(row.get("status").asText()).isEqualTo("success");
        assertThat(row.at("/context/tool_id").asText()).isEqualTo("postgresql.execute_query");
        assertThat(row.at("/context/node_type").asText()).isEqualTo("mcp-tool");
    }

    @Test
    void sendsASlackMessageThroughTheCallPath() {
        Tenant t = newWorkspace("pro");
        String token = "xoxb-test-" + UUID.randomUUID();
        Response connected = call("POST", "/api/v1/connectors/slack/connect", t.apiKey(),
                Map.of("name", "bot", "credentials", Map.of("apiKey", token)));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        String text = "from an agent " + UUID.randomUUID();

        McpSchema.CallToolResult result = client(t.apiKey()).callTool(new McpSchema.CallToolRequest("slack__send_message",
                Map.of("channel", "C123ABC456", "text", text)));

        assertThat(result.isError()).as(text(result)).isFalse();
        JsonNode answer = structured(result);
        assertThat(answer.at("/output/ts").asText()).isEqualTo("1503435956.000247");
        assertThat(answer.get("rule").asInt()).isEqualTo(2);
        assertThat(text(result)).doesNotContain(token);
        SlackStub.SLACK.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withRequestBody(equalToJson("{\"channel\":\"C123ABC456\",\"text\":\"" + text + "\"}", true, true)));

        JsonNode row = eventRowOf(t, answer.get("traceId").asText());
        assertThat(row.at("/context/tool_id").asText()).isEqualTo("slack.send_message");
        assertThat(row.get("status").asText()).isEqualTo("success");

        // The vendor's refusal is a tool error, and its row is under the trace the error names.
        McpSchema.CallToolResult refused = client(t.apiKey()).callTool(new McpSchema.CallToolRequest("slack__send_message",
                Map.of("channel", "C404NOTFOUND", "text", text)));
        assertThat(refused.isError()).isTrue();
        JsonNode problem = structured(refused);
        assertThat(problem.get("vendorCode").asText()).isEqualTo("channel_not_found");
        assertThat(text(refused)).doesNotContain(token);
        JsonNode failedRow = eventRowOf(t, problem.get("traceId").asText());
        assertThat(failedRow.at("/context/tool_id").asText()).isEqualTo("slack.send_message");
        assertThat(failedRow.get("status").asText()).isNotEqualTo("success");
    }

    @Test
    void answersBadInputAndAnUnknownToolAsToolErrors() {
        Tenant t = newWorkspace("pro");
        McpSyncClient client = client(t.apiKey());

        McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("slack__send_message",
                Map.of("channel", "C123ABC456", "colour", "red")));
        assertThat(bad.isError()).isTrue();
        assertThat(text(bad)).startsWith("Invalid action input: ");
        JsonNode problem = structured(bad);
        assertThat(problem.get("type").asText()).isEqualTo("https://automators.io/problems/invalid-input");
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("errors").toString()).contains("required property 'text'");
        assertThat(problem.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(bad.toString()).doesNotContain("Exception").doesNotContain("at io.");

        McpSchema.CallToolResult unknown = client.callTool(new McpSchema.CallToolRequest("acme__nothing", Map.of()));
        assertThat(unknown.isError()).isTrue();
        assertThat(structured(unknown).get("type").asText()).isEqualTo("https://automators.io/problems/not-found");
        assertThat(text(unknown)).contains("acme__nothing");

        McpSchema.CallToolResult notConnected = client.callTool(new McpSchema.CallToolRequest("postgresql__list_tables", Map.of()));
        assertThat(notConnected.isError()).isTrue();
        assertThat(structured(notConnected).get("detail").asText()).isNotBlank();
    }

    @Test
    void refusesACallWithoutAValidKeyBeforeReadingIt() {
        Response none = call("POST", "/mcp", null, INITIALIZE.formatted("2025-11-25"), STREAMABLE);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("type").asText()).isEqualTo("https://automators.io/problems/unauthorized");
        assertThat(none.json().get("traceId").asText()).matches("[0-9a-f]{32}");

        Response wrong = call("POST", "/mcp", "ak_not-a-key", INITIALIZE.formatted("2025-11-25"), STREAMABLE);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(call("GET", "/mcp", null, null, Map.of("Accept", "text/event-stream")).status()).isEqualTo(401);
    }

    @Test
    void refusesAForeignOriginAndServesALocalOne() {
        Tenant t = newWorkspace("pro");
        Response foreign = call("POST", "/mcp", t.apiKey(), INITIALIZE.formatted("2025-11-25"),
                merged(Map.of("Origin", "https://evil.example")));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.header("Mcp-Session-Id")).isNull();

        Response local = call("POST", "/mcp", t.apiKey(), INITIALIZE.formatted("2025-11-25"),
                merged(Map.of("Origin", "http://localhost:6274")));
        assertThat(local.status()).as(local.body()).isEqualTo(200);
    }

    @Test
    void keepsEachWorkspacesConnectorsAndSessionsToItself() {
        Tenant a = newWorkspace("pro");
        Tenant b = newWorkspace("pro");
        String id = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        Response registered = call("POST", "/api/v1/connectors", a.apiKey(), Map.of("manifest", manifest(id)));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);

        assertThat(names(client(a.apiKey()))).contains(id + "__get_item");
        assertThat(names(client(b.apiKey()))).noneMatch(n -> n.startsWith(id));
        McpSchema.CallToolResult fromB = client(b.apiKey()).callTool(new McpSchema.CallToolRequest(id + "__get_item", Map.of("id", "7")));
        assertThat(fromB.isError()).isTrue();

        String sessionOfA = call("POST", "/mcp", a.apiKey(), INITIALIZE.formatted("2025-11-25"), STREAMABLE).header("Mcp-Session-Id");
        Response crossed = call("POST", "/mcp", b.apiKey(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                merged(Map.of("Mcp-Session-Id", sessionOfA)));
        assertThat(crossed.status()).isEqualTo(404);
        assertThat(crossed.body()).doesNotContain(id);
    }

    @Test
    void announcesAChangedToolListWhenTheWorkspaceRegistersAConnector() {
        Tenant t = newWorkspace("pro");
        List<List<McpSchema.Tool>> announced = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(t.apiKey(), "/mcp", announced::add);
        String id = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(names(client)).noneMatch(n -> n.startsWith(id));

        assertThat(call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", manifest(id))).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> announced.stream()
                .anyMatch(tools -> tools.stream().anyMatch(tool -> tool.name().equals(id + "__get_item"))));
    }

    private static Map<String, String> merged(Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(STREAMABLE);
        all.putAll(headers);
        return all;
    }

    private static Map<String, Object> manifest(String id) {
        return Map.of("id", id, "name", "Acme items", "category", "developer_tools", "version", "1.0.0",
                "description", "Reads Acme items.", "family", "declarative",
                "auth", Map.of("type", "api_key", "credentials", List.of(Map.of("name", "apiKey", "required", true, "secret", true))),
                "baseUrl", SlackStub.baseUrl(),
                "requestAuth", Map.of("scheme", "header", "name", "X-Api-Key", "field", "apiKey"),
                "actions", Map.of("get_item", Map.of("description", "Read one item.", "idempotent", true,
                        "input", Map.of("type", "object", "required", List.of("id"), "properties", Map.of("id", Map.of("type", "string"))),
                        "request", Map.of("method", "GET", "path", "/v1/items/{id}"))));
    }
}
