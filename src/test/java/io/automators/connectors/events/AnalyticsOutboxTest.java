package io.automators.connectors.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.api.DemoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Every event the runtime stores — the platform's posted events and the runtime's own tool_used rows —
 * reaches PostHog and RudderStack through the outbox in their documented shapes, exactly once by its
 * UUID, through a sink's 503 and 429 (Retry-After honoured); a sink that keeps refusing gets the rows
 * dead-lettered with its answer, shown to the admin, counted, and re-driven once it is fixed.
 */
@TestPropertySource(properties = {
        "automators.datasource.max-pool-size=6",
        "automators.analytics.posthog.api-key=phc_test_project_key",
        "automators.analytics.rudderstack.write-key=rs-write-key-test",
        "automators.analytics.drain-period-ms=100",
        "automators.analytics.backoff-initial-ms=200",
        "automators.analytics.backoff-max-ms=2000",
        "automators.analytics.max-attempts=3"})
class AnalyticsOutboxTest extends ApiTestSupport {

    static final WireMockServer POSTHOG = SinkStubs.posthog();
    static final WireMockServer RUDDERSTACK = SinkStubs.rudderstack();

    @DynamicPropertySource
    static void sinks(DynamicPropertyRegistry registry) {
        registry.add("automators.analytics.posthog.host", POSTHOG::baseUrl);
        registry.add("automators.analytics.rudderstack.data-plane-url", RUDDERSTACK::baseUrl);
    }

    JdbcTemplate owner;

    @Autowired
    MeterRegistry meters;

    @Autowired
    void ownerPool(@Qualifier("ownerDataSource") DataSource ownerDataSource) {
        // Across workspaces, as the owner: what every workspace's events left in the tables.
        owner = new JdbcTemplate(ownerDataSource);
    }

    @BeforeEach
    void quietSinks() {
        // Whatever an earlier test left is delivered first, so each test counts only its own events.
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingRows() == 0);
        for (WireMockServer sink : List.of(POSTHOG, RUDDERSTACK)) {
            // The documented mappings of the stub's folder only: no fault of an earlier test remains.
            sink.resetToDefaultMappings();
            sink.resetRequests();
            sink.resetScenarios();
        }
    }

    @Test
    void everyEventReachesBothSinksInTheirShapeWithItsUuid() {
        Tenant t = newWorkspace("pro");
        Response r = call("POST", "/api/v1/events", t.apiKey(), List.of(
                Map.of("event_type", "flow_executed", "properties", Map.of("flow_id", "f-1", "tools_used", List.of("slack"), "time_ms", 120)),
                Map.of("event_type", "agent_created", "properties", Map.of("agent_type", "react", "memory_backend", "redis"),
                        "user_id", "u-9")),
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        List<Map<String, Object>> rows = owner.queryForList(
                "SELECT event_id::text AS id, event_type FROM event_logs WHERE workspace_id = ?::uuid", t.workspaceId());
        assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row.get("id")).isNotNull());

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(POSTHOG, "uuid").size() >= 2
                && accepted(RUDDERSTACK, "messageId").size() >= 2);
        JsonNode posthogBody = bodies(POSTHOG).get(0);
        assertThat(posthogBody.get("api_key").asText()).isEqualTo("phc_test_project_key");
        JsonNode flow = find(posthogBody.get("batch"), "event", "flow_executed");
        assertThat(flow.get("uuid").asText()).isEqualTo(idOf(rows, "flow_executed"));
        assertThat(flow.at("/properties/distinct_id").asText()).as("no user: the workspace").isEqualTo(t.workspaceId());
        assertThat(flow.at("/properties/trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(flow.at("/properties/workspace_id").asText()).isEqualTo(t.workspaceId());
        assertThat(flow.at("/properties/time_ms").asInt()).isEqualTo(120);
        assertThat(flow.get("timestamp").asText()).isNotBlank();
        JsonNode agent = find(posthogBody.get("batch"), "event", "agent_created");
        assertThat(agent.at("/properties/distinct_id").asText()).isEqualTo("u-9");

        JsonNode rudderBody = bodies(RUDDERSTACK).get(0);
        JsonNode tracked = find(rudderBody.get("batch"), "event", "agent_created");
        assertThat(tracked.get("type").asText()).isEqualTo("track");
        assertThat(tracked.get("messageId").asText()).isEqualTo(idOf(rows, "agent_created"));
        assertThat(tracked.get("userId").asText()).isEqualTo("u-9");
        assertThat(tracked.at("/properties/memory_backend").asText()).isEqualTo("redis");
        assertThat(rudderBody.toString()).as("the write key travels only as Basic auth").doesNotContain("rs-write-key-test");
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingRows() == 0);
    }

    @Test
    void anActionCallsToolUsedRowIsForwardedWithItsTrace() {
        Tenant t = newWorkspace("pro");
        assertThat(call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "demo", "credentials", DemoDatabase.credentials())).status()).isEqualTo(201);
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(),
                Map.of("input", Map.of(), "context", Map.of("nodeId", "n-7")), Map.of("Automators-User-Id", "u-31"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String trace = r.json().get("traceId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.queryForObject(
                "SELECT count(*) FROM event_logs WHERE trace_id = ?", Long.class, trace) == 1);
        String eventId = owner.queryForObject("SELECT event_id::text FROM event_logs WHERE trace_id = ?", String.class, trace);

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(POSTHOG, "uuid").contains(eventId)
                && accepted(RUDDERSTACK, "messageId").contains(eventId));
        JsonNode toolUsed = find(bodies(POSTHOG).stream().filter(b -> b.toString().contains(eventId)).findFirst().orElseThrow()
                .get("batch"), "uuid", eventId);
        assertThat(toolUsed.get("event").asText()).isEqualTo("tool_used");
        assertThat(toolUsed.at("/properties/distinct_id").asText()).isEqualTo("u-31");
        assertThat(toolUsed.at("/properties/trace_id").asText()).isEqualTo(trace);
        assertThat(toolUsed.at("/properties/tool_id").asText()).isEqualTo("postgresql.list_tables");
        assertThat(toolUsed.at("/properties/node_id").asText()).isEqualTo("n-7");
        assertThat(toolUsed.at("/properties/status").asText()).isEqualTo("success");
        assertThat(toolUsed.at("/properties/organization_id").asText()).isNotBlank();
        assertThat(toolUsed.toString()).doesNotContain(String.valueOf(DemoDatabase.credentials().get("password")));
    }

    @Test
    void aBurstThroughA503AndA429ArrivesOnceAtEachSink() {
        Tenant t = newWorkspace("pro");
        for (WireMockServer sink : List.of(POSTHOG, RUDDERSTACK)) {
            String path = sink == POSTHOG ? "/batch/" : "/v1/batch";
            String unavailable = sink == POSTHOG ? "transient error, please retry" : "Service Unavailable";
            String limited = sink == POSTHOG ? "rate limited" : "Max Requests Limit reached";
            sink.stubFor(post(urlEqualTo(path)).atPriority(1).inScenario("faults").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503).withBody(unavailable)).willSetStateTo("limited"));
            sink.stubFor(post(urlEqualTo(path)).atPriority(1).inScenario("faults").whenScenarioStateIs("limited")
                    .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(limited))
                    .willSetStateTo("recovered"));
        }
        for (int batch = 0; batch < 5; batch++) {
            int from = batch * 1000;
            List<Map<String, Object>> events = IntStream.range(from, from + 1000).mapToObj(i -> Map.<String, Object>of(
                    "event_type", "rag_query_triggered", "properties", Map.of("vector_db_used", "pgvector", "latency_ms", i)))
                    .toList();
            Response r = call("POST", "/api/v1/events", t.apiKey(), events);
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        Set<String> stored = new HashSet<>(owner.queryForList(
                "SELECT event_id::text FROM event_logs WHERE workspace_id = ?::uuid", String.class, t.workspaceId()));
        assertThat(stored).hasSize(5000);

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingRows() == 0);
        for (var sink : Map.of(POSTHOG, "uuid", RUDDERSTACK, "messageId").entrySet()) {
            List<String> received = accepted(sink.getKey(), sink.getValue());
            assertThat(received).as("each event once").hasSize(5000).doesNotHaveDuplicates();
            assertThat(new HashSet<>(received)).isEqualTo(stored);
            List<Integer> statuses = sink.getKey().getAllServeEvents().stream()
                    .map(e -> e.getResponse().getStatus()).toList();
            assertThat(statuses).as("the sink refused, then took").contains(503, 429, 200);
        }
        assertThat(owner.queryForObject("SELECT count(*) FROM event_outbox WHERE dead_lettered_at IS NOT NULL", Long.class))
                .isZero();
    }

    @Test
    void aSinkThatKeepsRefusingGetsDeadLettersWhichAreReDrivenOnceItIsFixed() {
        Tenant t = newWorkspace("pro");
        StubMapping refusing = RUDDERSTACK.stubFor(post(urlEqualTo("/v1/batch")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "text/plain").withBody("Invalid Write Key")));
        double deadBefore = meters.counter("automators.outbox.dead_lettered", "sink", "rudderstack").count();
        Response r = call("POST", "/api/v1/events", t.apiKey(),
                Map.of("event_type", "agent_created", "properties", Map.of("agent_type", "plan-and-execute", "memory_backend", "none")));
        assertThat(r.status()).isEqualTo(201);
        String eventId = owner.queryForObject("SELECT event_id::text FROM event_logs WHERE workspace_id = ?::uuid",
                String.class, t.workspaceId());

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(eventId).size() == 1);
        JsonNode dead = deadLetters(eventId).get(0);
        assertThat(dead.get("sink").asText()).isEqualTo("rudderstack");
        assertThat(dead.get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("last_error").asText()).isEqualTo("HTTP 401 from rudderstack: Invalid Write Key");
        assertThat(meters.counter("automators.outbox.dead_lettered", "sink", "rudderstack").count()).isEqualTo(deadBefore + 1);
        await("the other sink is not held up").atMost(Duration.ofSeconds(10))
                .until(() -> accepted(POSTHOG, "uuid").contains(eventId));
        Response shown = call("GET", "/api/v1/admin/outbox?sink=rudderstack", adminToken.value(), null);
        assertThat(shown.json().at("/sinks/rudderstack/configured").asBoolean()).isTrue();
        assertThat(shown.json().at("/sinks/rudderstack/deadLetters").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(call("GET", "/api/v1/admin/outbox", t.apiKey(), null).status()).as("admins only").isEqualTo(401);
        assertThat(call("POST", "/api/v1/admin/outbox/redrive?sink=kafka", adminToken.value(), null).status()).isEqualTo(400);

        RUDDERSTACK.removeStub(refusing);
        Response redriven = call("POST", "/api/v1/admin/outbox/redrive?sink=rudderstack", adminToken.value(), null);
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().get("redriven").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(RUDDERSTACK, "messageId").contains(eventId));
        assertThat(deadLetters(eventId)).isEmpty();
    }

    private long pendingRows() {
        Long n = owner.queryForObject("SELECT count(*) FROM event_outbox WHERE dead_lettered_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    private List<JsonNode> deadLetters(String eventId) {
        Response r = call("GET", "/api/v1/admin/outbox?limit=1000", adminToken.value(), null);
        List<JsonNode> found = new ArrayList<>();
        r.json().get("deadLetters").forEach(d -> {
            if (d.get("event_id").asText().equals(eventId)) {
                found.add(d);
            }
        });
        return found;
    }

    private static List<String> accepted(WireMockServer sink, String idField) {
        return SinkStubs.accepted(sink, idField);
    }

    private static List<JsonNode> bodies(WireMockServer sink) {
        return SinkStubs.acceptedBodies(sink);
    }

    private static JsonNode find(JsonNode batch, String field, String value) {
        for (JsonNode e : batch) {
            if (e.path(field).asText().equals(value)) {
                return e;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + batch);
    }

    private static String idOf(List<Map<String, Object>> rows, String type) {
        return rows.stream().filter(r -> r.get("event_type").equals(type)).map(r -> (String) r.get("id")).findFirst().orElseThrow();
    }
}
