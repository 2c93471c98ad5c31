package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.providers.nango.NangoClient;
import io.automators.connectors.providers.nango.NangoTokens;
import org.springframework.beans.factory.annotation.Autowired;
import io.automators.connectors.slack.SlackStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 1 through the HTTP API with Nango configured (WireMock in Nango's documented shapes,
 * src/test/resources/stubs/nango): a connection made with Nango is attached after Nango confirms
 * it; Slack calls run with the token Nango holds; 50 concurrent calls make one token request; a
 * connection Nango no longer has needs reconnecting; no secret reaches an answer or an event row.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class NangoConnectionsTest extends ApiTestSupport {

    static final String SECRET = "nango-secret-" + UUID.randomUUID();
    static final WireMockServer NANGO = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    static final String WEBHOOK_KEY = "webhook-key-" + UUID.randomUUID();
    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final Path FILES = Path.of("target/test-data/nango-" + ProcessHandle.current().pid());

    @DynamicPropertySource
    static void nango(DynamicPropertyRegistry registry) throws IOException {
        NANGO.start();
        VENDOR.start();
        // An OAuth vendor that answers 401 to a token it no longer takes (Slack answers 200 with invalid_auth).
        Files.createDirectories(FILES.resolve("connectors"));
        Files.createDirectories(FILES.resolve("routes/connectors"));
        Files.writeString(FILES.resolve("connectors/crm-probe.yaml"), """
                id: crm-probe
                name: CRM probe
                category: crm
                version: 1.0.0
                description: An OAuth vendor for the token refresh tests.
                family: http
                auth:
                  type: oauth2
                  nango: crm-probe
                baseUrl: https://crm.example.com
                actions:
                  whoami:
                    description: The user the token belongs to.
                    input: { type: object, additionalProperties: false }
                """);
        Files.writeString(FILES.resolve("routes/connectors/crm-probe.camel.yaml"), """
                - route:
                    id: crm-probe-whoami
                    description: Reads the token's user
                    routeConfigurationId: connector-errors
                    from:
                      uri: direct:crm-probe-whoami
                      steps:
                        - setBody: { constant: "" }
                        - setHeader: { name: Authorization, simple: "Bearer ${exchangeProperty.automatorsCredentials[apiKey]}" }
                        - to:
                            id: crm-probe-get-me
                            uri: "{{automators.connectors.crm-probe.base-url}}/v1/me"
                            parameters: { httpMethod: GET }
                        - removeHeaders: { pattern: "*" }
                        - unmarshal: { json: {} }
                """);
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
        registry.add("automators.routes.directory", () -> FILES.resolve("routes").toString());
        registry.add("automators.connectors.crm-probe.base-url", VENDOR::baseUrl);
        registry.add("automators.providers.nango.webhook-secret", () -> WEBHOOK_KEY);
        registry.add("automators.providers.nango.base-url", NANGO::baseUrl);
        registry.add("automators.providers.nango.secret-key", () -> SECRET);
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @AfterAll
    static void stopNango() {
        NANGO.stop();
        VENDOR.stop();
    }

    @Test
    void aVendor401ForcesOneRefreshAtNangoAndTheCallRunsOnceMore() {
        String nangoId = "conn-" + UUID.randomUUID();
        String stale = "stale-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        nangoAnswers(nangoId, "crm-probe", false, stale);
        nangoAnswers(nangoId, "crm-probe", true, fresh);
        VENDOR.stubFor(get(urlPathEqualTo("/v1/me")).withHeader("Authorization", equalTo("Bearer " + stale))
                .willReturn(aResponse().withStatus(401)));
        VENDOR.stubFor(get(urlPathEqualTo("/v1/me")).withHeader("Authorization", equalTo("Bearer " + fresh))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":\"u1\"}")));
        Tenant t = newWorkspace("pro");
        assertThat(attachTo(t, "crm-probe", nangoId).status()).isEqualTo(201);

        Response r = call("POST", "/api/v1/connectors/crm-probe/actions/whoami", t.apiKey(), Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/id").asText()).isEqualTo("u1");
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("force_refresh", equalTo("true")));
        VENDOR.verify(2, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    @Test
    void slacksTokenExpiredInAn200ForcesOneRefreshAndOneRetry() {
        String nangoId = "conn-" + UUID.randomUUID();
        nangoAnswers(nangoId, "slack", false, "xoxe.xoxb-expired-token");
        String fresh = "xoxb-fresh-" + UUID.randomUUID();
        nangoAnswers(nangoId, "slack", true, fresh);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);

        Response sent = send(t);

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("force_refresh", equalTo("true")));
        SlackStub.SLACK.verify(1, postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer " + fresh)));
    }

    @Test
    void aSecond401AfterTheRefreshIsAnsweredNotRetriedAgain() {
        String nangoId = "conn-" + UUID.randomUUID();
        String first = "first-" + UUID.randomUUID();
        nangoAnswers(nangoId, "crm-probe", false, first);
        nangoAnswers(nangoId, "crm-probe", true, "second-" + UUID.randomUUID());
        VENDOR.stubFor(get(urlPathEqualTo("/v1/me")).willReturn(aResponse().withStatus(401)));
        Tenant t = newWorkspace("pro");
        assertThat(attachTo(t, "crm-probe", nangoId).status()).isEqualTo(201);
        VENDOR.resetRequests();

        Response r = call("POST", "/api/v1/connectors/crm-probe/actions/whoami", t.apiKey(), Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().get("type").asText()).endsWith("/reconnect-needed");
        assertThat(r.json().get("detail").asText()).contains("HTTP 401").contains("through Nango");
        VENDOR.verify(2, getRequestedFor(urlPathEqualTo("/v1/me")));
    }

    @Test
    void aRefreshNangoCannotMakeMarksTheConnectionNeedsReconnect() {
        String nangoId = "conn-" + UUID.randomUUID();
        String stale = "stale-" + UUID.randomUUID();
        nangoAnswers(nangoId, "crm-probe", false, stale);
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("force_refresh", equalTo("true"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": \"refresh_token_external_error\"}}")));
        VENDOR.stubFor(get(urlPathEqualTo("/v1/me")).willReturn(aResponse().withStatus(401)));
        Tenant t = newWorkspace("pro");
        assertThat(attachTo(t, "crm-probe", nangoId).status()).isEqualTo(201);

        Response r = call("POST", "/api/v1/connectors/crm-probe/actions/whoami", t.apiKey(), Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().get("connectionStatus").asText()).isEqualTo("needs_reconnect");
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("needs_reconnect");
    }

    @Test
    void attachesANangoConnectionAndRunsSlackWithItsTokenThroughRuleOne(CapturedOutput logs) {
        String nangoId = "conn-" + UUID.randomUUID();
        String token = connectionAtNango(nangoId, 0);
        Tenant t = newWorkspace("pro");

        Response connected = attach(t, nangoId);
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        assertThat(connected.json().get("kind").asText()).isEqualTo("nango");
        assertThat(connected.json().get("nangoConnectionId").asText()).isEqualTo(nangoId);
        NANGO.verify(getRequestedFor(urlPathEqualTo("/connections/" + nangoId))
                .withQueryParam("provider_config_key", equalTo("slack"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET)));

        Response sent = send(t);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("rule").asInt()).isEqualTo(1);
        assertThat(sent.json().get("provider").asText()).isEqualTo("nango");
        SlackStub.SLACK.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
        assertThat(sent.body()).doesNotContain(token).doesNotContain(SECRET);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response trace = call("GET", "/api/v1/traces/" + sent.json().get("traceId").asText(), t.apiKey(), null);
            assertThat(trace.json().get("eventLogs")).hasSize(1);
            assertThat(trace.body()).doesNotContain(token).doesNotContain(SECRET);
        });
        Response decided = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "slack", "action", "send_message"));
        assertThat(decided.body()).doesNotContain(token).doesNotContain(SECRET);
        assertThat(logs.getAll()).doesNotContain(token).doesNotContain(SECRET);
    }

    @Test
    void fiftyConcurrentCallsWithoutATokenMakeOneTokenRequest() throws Exception {
        String nangoId = "conn-" + UUID.randomUUID();
        connectionAtNango(nangoId, 300); // a slow Nango: the calls meet while the one request is in flight
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        NANGO.resetRequests();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> send(t)));
            }
            for (Future<Response> call : calls) {
                assertThat(call.get().status()).as(call.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)));
    }

    @Autowired
    NangoClient nangoClient;
    @Autowired
    NangoTokens nangoTokens;
    @Autowired
    Connections connections;

    /** Two nodes (each its own memory) on one PostgreSQL: the row lock makes one Nango request serve both. */
    @Test
    void twoNodesWithoutATokenMakeOneTokenRequest() throws Exception {
        String nangoId = "conn-" + UUID.randomUUID();
        String token = connectionAtNango(nangoId, 300);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        NANGO.resetRequests();
        UUID workspace = UUID.fromString(t.workspaceId());
        UUID connection = connections.list(workspace).get(0).id();
        NangoTokens otherNode = new NangoTokens(nangoClient, connections);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                NangoTokens node = i % 2 == 0 ? nangoTokens : otherNode;
                answers.add(pool.submit(() -> node.accessToken(workspace, connection, nangoId, "slack").accessToken()));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo(token);
            }
        } finally {
            pool.shutdownNow();
        }
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)));
    }

    @Test
    void refusesToAttachAConnectionNangoDoesNotHave() {
        String nangoId = "gone-" + UUID.randomUUID();
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).willReturn(notFound()));
        Tenant t = newWorkspace("pro");

        Response refused = attach(t, nangoId);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/path").asText()).isEqualTo("/nangoConnectionId");
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    @Test
    void aConnectionNangoNoLongerHasNeedsReconnecting() {
        String nangoId = "conn-" + UUID.randomUUID();
        connectionAtNango(nangoId, 0);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        // Deleted at Nango after it was attached, before its token was ever fetched for a call.
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).willReturn(notFound()));

        Response refused = send(t);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/reconnect-needed");
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("needs_reconnect");
        assertThat(refused.body()).doesNotContain(SECRET);
    }

    @Test
    void aSignedFailedRefreshWebhookMarksTheConnectionAndARepeatOfItChangesNothing(CapturedOutput logs) throws Exception {
        String nangoId = "conn-" + UUID.randomUUID();
        connectionAtNango(nangoId, 0);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        String failed = """
                {"type": "auth", "operation": "refresh", "success": false, "connectionId": "%s", "authMode": "OAUTH2",
                 "providerConfigKey": "slack", "provider": "slack", "environment": "prod",
                 "error": {"type": "refresh_token_external_error", "description": "invalid_grant"}}""".formatted(nangoId);

        Response delivered = webhook(failed, sign(failed));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        JsonNode listed = call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("needs_reconnect");
        assertThat(listed.get("statusReason").asText()).contains("refresh failed").contains("invalid_grant");
        assertThat(send(t).status()).isEqualTo(409);

        assertThat(webhook(failed, sign(failed)).status()).isEqualTo(200); // Nango delivers again
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("statusChangedAt").asText())
                .isEqualTo(listed.get("statusChangedAt").asText());

        String refreshed = failed.replace("\"success\": false", "\"success\": true");
        assertThat(webhook(refreshed, sign(refreshed)).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("connected");
        assertThat(send(t).status()).isEqualTo(200);
        assertThat(logs.getAll()).doesNotContain(WEBHOOK_KEY).doesNotContain(SECRET);
    }

    @Test
    void aWebhookWithABadOrNoSignatureIsRefusedAndChangesNothing() throws Exception {
        String nangoId = "conn-" + UUID.randomUUID();
        connectionAtNango(nangoId, 0);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        String failed = """
                {"type": "auth", "operation": "refresh", "success": false, "connectionId": "%s",
                 "providerConfigKey": "slack"}""".formatted(nangoId);

        Response forged = webhook(failed, sign(failed.replace("refresh", "creation")));
        Response unsigned = webhook(failed, null);

        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain(WEBHOOK_KEY);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("connected");
    }

    @Test
    void aSignedWebhookOfAnotherTypeIsAcknowledgedAndIgnored() throws Exception {
        String sync = "{\"type\": \"sync\", \"connectionId\": \"x\", \"providerConfigKey\": \"slack\"}";
        Response r = webhook(sync, sign(sync));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("result").asText()).startsWith("ignored");
    }

    @Test
    void anEndUserConnectsThroughAConnectSessionAndItsWebhookRecordsTheConnection() throws Exception {
        NANGO.stubFor(post(urlPathEqualTo("/connect/sessions")).withHeader("Authorization", equalTo("Bearer " + SECRET))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"data": {"token": "nango_connect_session_abc", "connect_link": "https://connect.nango.dev?session_token=nango_connect_session_abc",
                                  "expires_at": "2026-11-25T13:00:00.000Z"}}""")));
        Tenant t = newWorkspace("pro");

        Response session = call("POST", "/api/v1/nango/connect-sessions", t.apiKey(), Map.of("connector", "slack", "userId", "u-7"));

        assertThat(session.status()).as(session.toString()).isEqualTo(201);
        assertThat(session.json().get("token").asText()).isEqualTo("nango_connect_session_abc");
        assertThat(session.json().get("connectLink").asText()).startsWith("https://connect.nango.dev");
        NANGO.verify(postRequestedFor(urlPathEqualTo("/connect/sessions"))
                .withRequestBody(matchingJsonPath("$.allowed_integrations[0]", equalTo("slack")))
                .withRequestBody(matchingJsonPath("$.tags.workspace_id", equalTo(t.workspaceId())))
                .withRequestBody(matchingJsonPath("$.tags.connector_id", equalTo("slack")))
                .withRequestBody(matchingJsonPath("$.tags.end_user_id", equalTo("u-7"))));

        // The end user authorizes in Nango's Connect UI; Nango reports the connection with the session's tags.
        String nangoId = UUID.randomUUID().toString();
        connectionAtNango(nangoId, 0);
        String created = """
                {"type": "auth", "operation": "creation", "success": true, "connectionId": "%s", "authMode": "OAUTH2",
                 "providerConfigKey": "slack", "provider": "slack", "environment": "prod",
                 "tags": {"workspace_id": "%s", "connector_id": "slack", "end_user_id": "u-7"}}"""
                .formatted(nangoId, t.workspaceId());
        assertThat(webhook(created, sign(created)).json().get("result").asText()).isEqualTo("recorded");
        assertThat(webhook(created, sign(created)).status()).isEqualTo(200); // delivered again

        JsonNode listed = call("GET", "/api/v1/connections", t.apiKey(), null).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("kind").asText()).isEqualTo("nango");
        assertThat(listed.get(0).get("nangoConnectionId").asText()).isEqualTo(nangoId);
        Response sent = send(t);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("provider").asText()).isEqualTo("nango");
    }

    @Test
    void listsTheWorkspacesNangoConnectionsAndRefreshesOneOnRequest() {
        String nangoId = "conn-" + UUID.randomUUID();
        nangoAnswers(nangoId, "slack", false, "xoxb-before-" + UUID.randomUUID());
        nangoAnswers(nangoId, "slack", true, "xoxb-after-" + UUID.randomUUID());
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);

        JsonNode listed = call("GET", "/api/v1/nango/connections", t.apiKey(), null).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("nangoConnectionId").asText()).isEqualTo(nangoId);

        Response refreshed = call("POST", "/api/v1/nango/oauth/slack/refresh", t.apiKey(), null);
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.json().get("status").asText()).isEqualTo("connected");
        assertThat(refreshed.body()).doesNotContain("xoxb-after");
        NANGO.verify(1, getRequestedFor(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("force_refresh", equalTo("true")));

        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("force_refresh", equalTo("true"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"code\": \"refresh_token_external_error\"}}")));
        Response failed = call("POST", "/api/v1/nango/oauth/slack/refresh", t.apiKey(), null);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("status").asText()).isEqualTo("needs_reconnect");
    }

    @Test
    void disconnectingDeletesTheConnectionAtNangoFirst() {
        String nangoId = "conn-" + UUID.randomUUID();
        connectionAtNango(nangoId, 0);
        Tenant t = newWorkspace("pro");
        assertThat(attach(t, nangoId).status()).isEqualTo(201);
        NANGO.stubFor(delete(urlPathEqualTo("/connections/" + nangoId)).inScenario("nango down once")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        NANGO.stubFor(delete(urlPathEqualTo("/connections/" + nangoId)).inScenario("nango down once")
                .whenScenarioStateIs("up").willReturn(aResponse().withStatus(204)));

        Response failed = call("DELETE", "/api/v1/connectors/slack/connect", t.apiKey(), null);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).hasSize(1);

        Response deleted = call("DELETE", "/api/v1/connectors/slack/connect", t.apiKey(), null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
        NANGO.verify(2, deleteRequestedFor(urlPathEqualTo("/connections/" + nangoId))
                .withQueryParam("provider_config_key", equalTo("slack"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET)));
    }

    private Response webhook(String body, String signature) {
        return signature == null
                ? call("POST", "/api/v1/nango/webhooks", null, body)
                : call("POST", "/api/v1/nango/webhooks", null, body, Map.of("X-Nango-Hmac-Sha256", signature));
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private Response attach(Tenant t, String nangoId) {
        return attachTo(t, "slack", nangoId);
    }

    private Response attachTo(Tenant t, String connector, String nangoId) {
        return call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                Map.of("name", "nango", "nangoConnectionId", nangoId));
    }

    /** Nango's answer for a connection of an integration: the token as it is, or after a forced refresh. */
    private static void nangoAnswers(String nangoId, String integration, boolean forced, String token) {
        String body = """
                {"id": 1, "provider_config_key": "%s", "provider": "%s", "connection_id": "%s",
                 "credentials": {"type": "OAUTH2", "access_token": "%s", "expires_at": "%s"}}"""
                .formatted(integration, integration, nangoId, token, Instant.now().plus(Duration.ofHours(1)));
        var request = get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("provider_config_key", equalTo(integration))
                .withHeader("Authorization", equalTo("Bearer " + SECRET));
        request = forced ? request.withQueryParam("force_refresh", equalTo("true"))
                : request.withQueryParam("force_refresh", com.github.tomakehurst.wiremock.client.WireMock.absent());
        NANGO.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private Response send(Tenant t) {
        return call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(),
                Map.of("input", Map.of("channel", "C123ABC456", "text", "hello from Nango")));
    }

    /** A connection at Nango, in the documented shape, with a token valid for an hour; answers the token. */
    private static String connectionAtNango(String nangoId, int delayMs) {
        String token = "xoxb-nango-" + UUID.randomUUID();
        String body = """
                {"id": 18393, "created_at": "2026-11-25T09:43:03.725Z", "updated_at": "2026-11-25T09:43:03.725Z",
                 "provider_config_key": "slack", "provider": "slack", "connection_id": "%s",
                 "credentials": {"type": "OAUTH2", "access_token": "%s", "expires_at": "%s",
                                 "raw": {"access_token": "%s", "token_type": "bearer", "scope": "chat:write"}},
                 "connection_config": {}, "metadata": {}}""".formatted(nangoId, token,
                Instant.now().plus(Duration.ofHours(1)), token);
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId))
                .withQueryParam("provider_config_key", equalTo("slack"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(delayMs).withBody(body)));
        return token;
    }

    private static ResponseDefinitionBuilder notFound() {
        return aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"not_found\", \"message\": \"No connection found\"}}");
    }
}
