package io.automators.connectors.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.api.DemoDatabase;
import io.automators.connectors.slack.SlackStub;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Trace coverage through the real HTTP API, with the OTel SDK's in-memory exporter beside the OTLP
 * one: every action call yields its spans (the request, the call with the plan's attributes, the
 * waterfall's decision, the provider, the vendor or database call), every row's trace id is the
 * trace of an exported span, a caller's valid traceparent is continued and an invalid one is not, the
 * vendor receives a traceparent of the call's trace, and no secret is in any span.
 */
@Import(TracingTest.Exporter.class)
class TracingTest extends ApiTestSupport {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @TestConfiguration
    static class Exporter {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return SPANS;
        }
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @Autowired
    SdkTracerProvider tracerProvider;

    @BeforeEach
    void forget() {
        SlackStub.SLACK.resetRequests();
    }

    @Test
    void anActionCallIsTracedFromTheRequestToTheVendorAndItsRowCarriesTheTrace() {
        Tenant t = newWorkspace("pro");
        String token = "xoxb-trace-" + UUID.randomUUID();
        connectSlack(t, token);
        String caller = hex32();
        Response r = call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(), Map.of(
                "input", Map.of("channel", "C123ABC456", "text", "traced"),
                "context", Map.of("flowId", "flow-7", "executionId", "exec-7", "nodeId", "node-3", "nodeType", "slack")),
                Map.of("traceparent", "00-" + caller + "-00f067aa0ba902b7-01", "Automators-User-Id", "u-42"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("traceId").asText()).isEqualTo(caller);

        List<SpanData> spans = spansOf(caller);
        SpanData server = named(spans, "POST /api/v1/connectors/{connector}/actions/{action}");
        assertThat(server.getParentSpanId()).as("continues the caller's span").isEqualTo("00f067aa0ba902b7");
        SpanData action = named(spans, "action slack.send_message");
        assertThat(action.getParentSpanId()).isEqualTo(server.getSpanId());
        Map<String, Object> plan = attributes(action);
        assertThat(plan).containsEntry("workflow.id", "flow-7").containsEntry("workflow.execution_id", "exec-7")
                .containsEntry("node.id", "node-3").containsEntry("node.type", "slack").containsEntry("node.status", "success")
                .containsEntry("user.id", "u-42").containsEntry("workspace.id", t.workspaceId())
                .containsEntry("connector.id", "slack").containsEntry("connector.action", "send_message")
                .containsEntry("routing.rule", 2L).containsEntry("routing.provider", "runtime-stored-key")
                .containsKeys("organization.id", "node.latency_ms");

        SpanData decision = spans.stream().filter(s -> s.getName().equals("waterfall")
                && "EVENT_RECEIVED".equals(s.getAttributes().get(AttributeKey.stringKey("op")))).findFirst().orElseThrow();
        assertThat(attributes(decision)).containsEntry("routing.rule", 2L).containsEntry("connector.id", "slack")
                .containsEntry("workflow.execution_id", "exec-7");
        SpanData provider = spans.stream().filter(s -> s.getName().equals("provider-runtime-stored-key")).findFirst().orElseThrow();
        assertThat(attributes(provider)).containsEntry("routing.provider", "runtime-stored-key").containsEntry("node.id", "node-3");
        SpanData vendor = spans.stream().filter(s -> "POST".equals(s.getName())
                && String.valueOf(s.getAttributes().get(AttributeKey.stringKey("http.url"))).contains("/api/chat.postMessage"))
                .findFirst().orElseThrow();
        assertThat(attributes(vendor)).containsEntry("connector.action", "send_message").containsEntry("user.id", "u-42");
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(caller));
        assertThat(spans).extracting(SpanData::getName).as("the event tap is not traced").doesNotContain("tap-event-log");

        List<LoggedRequest> sent = SlackStub.SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")));
        assertThat(sent).hasSize(1);
        String traceparent = sent.get(0).getHeader("traceparent");
        assertThat(traceparent).as("the vendor call continues the trace")
                .matches("00-" + caller + "-[0-9a-f]{16}-01");
        assertThat(spans).extracting(SpanData::getSpanId).contains(traceparent.substring(36, 52));

        JsonNode rows = rowsOf(t, caller).get("eventLogs");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("trace_id").asText()).isEqualTo(action.getTraceId());
        assertThat(rows.get(0).get("user_id").asText()).isEqualTo("u-42");
        assertNoSpanContains(token);
    }

    @Test
    void anInvalidTraceparentStartsANewTrace() {
        Tenant t = newWorkspace("pro");
        connectSlack(t, "xoxb-" + UUID.randomUUID());
        String given = hex32();
        for (String invalid : List.of("ff-" + given + "-00f067aa0ba902b7-01", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
                "00-" + given + "-0000000000000000-01", "00-" + given.toUpperCase() + "-00f067aa0ba902b7-01", "garbage")) {
            Response r = call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(),
                    Map.of("input", Map.of("channel", "C123ABC456", "text", "x")), Map.of("traceparent", invalid));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String trace = r.json().get("traceId").asText();
            assertThat(trace).as(invalid).matches("[0-9a-f]{32}").isNotEqualTo(given).isNotEqualTo("0".repeat(32));
            SpanData server = named(spansOf(trace), "POST /api/v1/connectors/{connector}/actions/{action}");
            assertThat(server.getParentSpanContext().isValid()).as(invalid).isFalse();
            assertThat(rowsOf(t, trace).get("eventLogs").get(0).get("trace_id").asText()).isEqualTo(trace);
        }
    }

    @Test
    void aFailedCallSaysWhyOnItsSpanWithoutTheSecret() {
        Tenant t = newWorkspace("pro");
        String token = "xoxb-failing-" + UUID.randomUUID();
        connectSlack(t, token);
        Response r = call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(),
                Map.of("input", Map.of("channel", "C404NOTFOUND", "text", "nobody")));
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        String trace = r.json().get("traceId").asText();

        SpanData action = named(spansOf(trace), "action slack.send_message");
        assertThat(attributes(action)).containsEntry("node.status", "error");
        assertThat((String) attributes(action).get("error_message"))
                .startsWith(r.json().get("title").asText() + ": ").contains(r.json().get("detail").asText());
        assertThat(action.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        JsonNode rows = rowsOf(t, trace).get("eventLogs");
        assertThat(rows.get(0).get("status").asText()).isEqualTo("error");
        assertNoSpanContains(token);

        Response invalid = call("POST", "/api/v1/connectors/slack/actions/send_message", t.apiKey(), Map.of("input", Map.of()));
        assertThat(invalid.status()).isEqualTo(400);
        SpanData refused = named(spansOf(invalid.json().get("traceId").asText()), "action slack.send_message");
        assertThat(attributes(refused)).containsEntry("node.status", "error");
    }

    @Test
    void aDatabaseCallHasItsOwnClientSpan() {
        Tenant t = newWorkspace("pro");
        Map<String, Object> credentials = DemoDatabase.credentials();
        Response connected = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "demo", "credentials", credentials));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of("input", Map.of()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String trace = r.json().get("traceId").asText();

        SpanData db = named(spansOf(trace), "list_tables postgresql");
        assertThat(db.getKind().name()).isEqualTo("CLIENT");
        assertThat(attributes(db)).containsEntry("db.system.name", "postgresql").containsEntry("connector.id", "postgresql")
                .containsEntry("workspace.id", t.workspaceId());
        assertThat(rowsOf(t, trace).get("eventLogs").get(0).get("trace_id").asText()).isEqualTo(db.getTraceId());
        assertNoSpanContains(String.valueOf(credentials.get("password")));
    }

    @Test
    void everyIngestedRowCarriesTheTraceOfTheRequestThatWroteIt() {
        Tenant t = newWorkspace("pro");
        Map<String, Object> bodies = Map.of(
                "/api/v1/events", Map.of("event_type", "agent_created", "properties", Map.of("agent_type", "react", "memory_backend", "redis")),
                "/api/v1/traces/agents", Map.of("agent_id", "bot-1"),
                "/api/v1/costs", Map.of("model_name", "gpt-4o", "input_tokens", 10, "output_tokens", 10),
                "/api/v1/guardrails/similarity", Map.of("similarity_score", 0.5, "action_taken", "allowed"));
        Map<String, String> table = Map.of("/api/v1/events", "eventLogs", "/api/v1/traces/agents", "agentTraces",
                "/api/v1/costs", "modelCosts", "/api/v1/guardrails/similarity", "promptSimilarity");
        bodies.forEach((path, body) -> {
            Response r = call("POST", path, t.apiKey(), body);
            assertThat(r.status()).as(path + " " + r).isEqualTo(201);
            String trace = r.json().get("traceId").asText();
            SpanData server = named(spansOf(trace), "POST " + path);
            assertThat(attributes(server)).containsEntry("workspace.id", t.workspaceId());
            JsonNode rows = rowsOf(t, trace).get(table.get(path));
            assertThat(rows).as(path).hasSize(1);
            assertThat(rows.get(0).get("trace_id").asText()).isEqualTo(server.getTraceId());
        });
    }

    @Test
    void theActuatorIsNotTraced() {
        assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        // Prometheus is off in tests without @AutoConfigureObservability; the rule is the path's: /actuator/**.
        assertThat(call("GET", "/actuator/camelroutes", adminToken.value(), null).status()).isEqualTo(200);
        flush();
        assertThat(SPANS.getFinishedSpanItems()).noneMatch(s ->
                String.valueOf(s.getAttributes().get(AttributeKey.stringKey("url.path"))).startsWith("/actuator"));
    }

    @Test
    void aTooLongUserIdIsRefused() {
        Tenant t = newWorkspace("pro");
        Response r = call("GET", "/api/v1/connections", t.apiKey(), null, Map.of("Automators-User-Id", "u".repeat(201)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("Automators-User-Id");
    }

    private void connectSlack(Tenant t, String token) {
        Response connected = call("POST", "/api/v1/connectors/slack/connect", t.apiKey(),
                Map.of("name", "bot", "credentials", Map.of("apiKey", token)));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    }

    private List<SpanData> spansOf(String traceId) {
        flush();
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private void flush() {
        tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    private static SpanData named(List<SpanData> spans, String name) {
        Set<String> names = spans.stream().map(SpanData::getName).collect(Collectors.toSet());
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' among " + names));
    }

    private static Map<String, Object> attributes(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().getKey(), Map.Entry::getValue));
    }

    private void assertNoSpanContains(String secret) {
        flush();
        assertThat(SPANS.getFinishedSpanItems()).allSatisfy(s -> {
            assertThat(s.getAttributes().toString()).doesNotContain(secret);
            assertThat(s.getEvents().toString()).doesNotContain(secret);
            assertThat(s.getName()).doesNotContain(secret);
        });
    }

    private JsonNode rowsOf(Tenant t, String trace) {
        for (int i = 0; i < 50; i++) {
            Response r = call("GET", "/api/v1/traces/" + trace, t.apiKey(), null);
            JsonNode rows = r.json();
            boolean any = false;
            for (JsonNode table : rows) {
                any |= table.isArray() && !table.isEmpty();
            }
            if (any) {
                return rows;
            }
            sleep();
        }
        return call("GET", "/api/v1/traces/" + trace, t.apiKey(), null).json();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hex32() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
