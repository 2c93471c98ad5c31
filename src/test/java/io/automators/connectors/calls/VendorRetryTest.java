package io.automators.connectors.calls;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The retry policy connector routes inherit, through the HTTP API: an idempotent vendor call is
 * retried on 502, 503, a 429 within the Retry-After cap and a refused connection, up to the bound;
 * a non-idempotent one never; every failed attempt shows in the call's event row.
 */
@DirtiesContext
class VendorRetryTest extends ApiTestSupport {

    static final Path FILES = Path.of("target/test-data/vendor-retry-" + ProcessHandle.current().pid());
    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @DynamicPropertySource
    static void probeConnector(DynamicPropertyRegistry registry) throws IOException {
        VENDOR.start();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        TestFiles.write(FILES, "connectors/retry-probe.yaml", manifest("retry-probe"));
        TestFiles.write(FILES, "connectors/retry-dead.yaml", manifest("retry-dead"));
        TestFiles.write(FILES, "routes/connectors/retry-probe.camel.yaml", routes("retry-probe"));
        TestFiles.write(FILES, "routes/connectors/retry-dead.camel.yaml", routes("retry-dead"));
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
        registry.add("automators.routes.directory", () -> FILES.resolve("routes").toString());
        registry.add("automators.connectors.retry-probe.base-url", VENDOR::baseUrl);
        registry.add("automators.connectors.retry-dead.base-url", () -> "http://127.0.0.1:" + closed);
        registry.add("automators.retries.initial-delay-ms", () -> "10");
        registry.add("automators.retries.max-retry-after-seconds", () -> "1");
    }

    @AfterAll
    static void stopVendor() {
        VENDOR.stop();
    }

    @BeforeEach
    void resetVendor() {
        VENDOR.resetAll();
    }

    @Test
    void retriesAnIdempotentReadAfterA503AndAnswersItsSuccess() {
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).inScenario("503 once").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).inScenario("503 once").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"value\":42}")));

        Response r = run("retry-probe", "read");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/value").asInt()).isEqualTo(42);
        VENDOR.verify(2, getRequestedFor(urlEqualTo("/v1/read")));
        JsonNode failed = eventContext(r.json().get("traceId").asText()).get("failed_attempts");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("vendor_status").asInt()).isEqualTo(503);
        assertThat(failed.get(0).get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void waitsOutA429WithinTheRetryAfterCapAndTriesAgain() {
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).inScenario("429 once").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("open"));
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).inScenario("429 once").whenScenarioStateIs("open")
                .willReturn(okJson("{\"value\":7}")));

        Response r = run("retry-probe", "read");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        VENDOR.verify(2, getRequestedFor(urlEqualTo("/v1/read")));
    }

    @Test
    void answersA429WhoseRetryAfterIsBeyondTheCapWithoutTryingAgain() {
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        Response r = run("retry-probe", "read");

        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("120");
        VENDOR.verify(1, getRequestedFor(urlEqualTo("/v1/read")));
    }

    @Test
    void givesUpAfterTheBoundWithEveryAttemptInTheEventRow() {
        VENDOR.stubFor(get(urlEqualTo("/v1/read")).willReturn(aResponse().withStatus(502)));

        Response r = run("retry-probe", "read");

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        VENDOR.verify(3, getRequestedFor(urlEqualTo("/v1/read")));
        JsonNode context = eventContext(r.json().get("traceId").asText());
        assertThat(context.get("failed_attempts")).hasSize(3);
        assertThat(context.get("failed_attempts").get(2).get("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void neverRetriesANonIdempotentWrite() {
        VENDOR.stubFor(post(urlEqualTo("/v1/write")).willReturn(aResponse().withStatus(503)));

        Response r = run("retry-probe", "write");

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        VENDOR.verify(1, postRequestedFor(urlEqualTo("/v1/write")));
        assertThat(eventContext(r.json().get("traceId").asText()).has("failed_attempts")).isFalse();
    }

    @Test
    void retriesARefusedConnectionOfAnIdempotentRead() {
        Response r = run("retry-dead", "read");

        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        JsonNode failed = eventContext(r.json().get("traceId").asText()).get("failed_attempts");
        assertThat(failed).hasSize(3);
        assertThat(failed.get(0).get("error").asText()).endsWith("ConnectException");
    }

    private Response run(String connector, String action) {
        Tenant t = newWorkspace("free");
        Response connected = call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                Map.of("name", "probe", "credentials", Map.of("apiKey", "probe-key")));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        tenantKey = t.apiKey();
        return call("POST", "/api/v1/connectors/" + connector + "/actions/" + action, t.apiKey(), Map.of("input", Map.of()));
    }

    private String tenantKey;

    /** The context of the call's event_logs row, once the batch writer committed it. */
    private JsonNode eventContext(String traceId) {
        JsonNode[] rows = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            rows[0] = call("GET", "/api/v1/traces/" + traceId, tenantKey, null).json().get("eventLogs");
            assertThat(rows[0]).hasSize(1);
        });
        return rows[0].get(0).get("context");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String manifest(String id) {
        return """
                id: %s
                name: Retry probe
                category: testing
                version: 1.0.0
                description: A vendor API for the retry policy's tests.
                family: http
                auth:
                  type: api_key
                  credentials:
                    - { name: apiKey, required: true, secret: true }
                baseUrl: https://vendor.example.com
                actions:
                  read:
                    description: Reads a value (safe to repeat).
                    idempotent: true
                    input: { type: object, additionalProperties: false }
                  write:
                    description: Writes a value (not safe to repeat).
                    input: { type: object, additionalProperties: false }
                """.formatted(id);
    }

    private static String routes(String id) {
        return """
                - route:
                    id: %1$s-read
                    description: Reads the value
                    routeConfigurationId: connector-errors
                    from:
                      uri: direct:%1$s-read
                      steps:
                        - setBody: { constant: "" }
                        - setHeader: { name: Authorization, simple: "Bearer ${exchangeProperty.automatorsCredentials[apiKey]}" }
                        - to:
                            id: %1$s-get-read
                            uri: "{{automators.connectors.%1$s.base-url}}/v1/read"
                            parameters: { httpMethod: GET }
                        - removeHeaders: { pattern: "*" }
                        - unmarshal: { json: {} }
                - route:
                    id: %1$s-write
                    description: Writes the value
                    routeConfigurationId: connector-errors
                    from:
                      uri: direct:%1$s-write
                      steps:
                        - setBody: { constant: "{}" }
                        - setHeader: { name: Authorization, simple: "Bearer ${exchangeProperty.automatorsCredentials[apiKey]}" }
                        - to:
                            id: %1$s-post-write
                            uri: "{{automators.connectors.%1$s.base-url}}/v1/write"
                            parameters: { httpMethod: POST }
                        - removeHeaders: { pattern: "*" }
                        - unmarshal: { json: {} }
                """.formatted(id);
    }

}
