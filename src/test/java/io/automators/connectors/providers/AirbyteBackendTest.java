package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rule 7 through the HTTP API: a data sync of the workspace's own Airbyte connection (WireMock in the
 * Airbyte API's documented shapes, src/test/resources/stubs/airbyte), followed to its end; and the same
 * call in the background ("async": true), polled at /api/v1/jobs/{id} under the workspace's row-level security.
 */
class AirbyteBackendTest extends BackendStubs {

    @Test
    void syncsTheWorkspacesConnectionAndFollowsTheJobToSucceeded() {
        Tenant t = newWorkspace("pro");
        String connection = connectAirbyte(t);
        created(connection, 4242);
        following(4242, "running", "succeeded", ", \"rowsSynced\": 1200, \"bytesSynced\": 48213, \"duration\": \"PT2M4S\"");

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of("wait_seconds", 10)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(7);
        assertThat(r.json().get("provider").asText()).isEqualTo("airbyte");
        assertThat(r.json().at("/output/jobId").asLong()).isEqualTo(4242);
        assertThat(r.json().at("/output/status").asText()).isEqualTo("succeeded");
        assertThat(r.json().at("/output/rowsSynced").asLong()).isEqualTo(1200);
        assertThat(r.json().at("/output/connectionId").asText()).isEqualTo(connection);
        AIRBYTE.verify(postRequestedFor(urlPathEqualTo("/v1/jobs")).withHeader("Authorization", equalTo("Bearer " + AIRBYTE_TOKEN))
                .withRequestBody(equalToJson("{\"connectionId\": \"" + connection + "\", \"jobType\": \"sync\"}")));
        AIRBYTE.verify(2, getRequestedFor(urlPathEqualTo("/v1/jobs/4242")));
        Map<String, Object> row = eventRow(r.json().get("traceId").asText());
        assertThat(row.get("status")).isEqualTo("success");
        assertThat(r.body() + row).doesNotContain(AIRBYTE_TOKEN);
    }

    @Test
    void aFailedJobIsTheCallsFailureNamingIt() {
        Tenant t = newWorkspace("pro");
        created(connectAirbyte(t), 4343);
        following(4343, "running", "failed", "");

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("airbyteJobId").asLong()).isEqualTo(4343);
        assertThat(r.json().get("jobStatus").asText()).isEqualTo("failed");
    }

    @Test
    void aCancelledJobIsTheCallsFailureToo() {
        Tenant t = newWorkspace("pro");
        created(connectAirbyte(t), 4444);
        following(4444, "incomplete", "cancelled", "");

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("jobStatus").asText()).isEqualTo("cancelled");
    }

    @Test
    void aJobStillRunningAtTheDeadlineAnswers504NamingIt() {
        Tenant t = newWorkspace("pro");
        created(connectAirbyte(t), 4545);
        AIRBYTE.stubFor(get(urlPathEqualTo("/v1/jobs/4545")).willReturn(job(4545, "running", "")));

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of("wait_seconds", 1)));

        assertThat(r.status()).as(r.toString()).isEqualTo(504);
        assertThat(r.json().get("airbyteJobId").asLong()).isEqualTo(4545);
        assertThat(r.json().get("detail").asText()).contains("still running after 1 s").contains("\"async\": true");
    }

    @Test
    void aSyncAlreadyRunningIsAirbytes409() {
        Tenant t = newWorkspace("pro");
        String connection = connectAirbyte(t);
        AIRBYTE.stubFor(post(urlPathEqualTo("/v1/jobs")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"type\": \"https://reference.airbyte.com/reference/errors\","
                        + " \"title\": \"conflict\", \"status\": 409, \"detail\": \"A sync is already running for: " + connection + "\"}")));

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.json().get("detail").asText()).contains("A sync is already running");
    }

    @Test
    void withoutAConnectionHoldingItsAirbyteConnectionTheCallIsUnroutableSayingWhy() {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.body()).contains("holding its Airbyte connection id (connectionId)");
        assertThat(AIRBYTE.getAllServeEvents()).isEmpty();
    }

    @Test
    void asyncAnswers202AtOnceAndTheJobCarriesTheOutputWhenItEnds() {
        Tenant t = newWorkspace("pro");
        created(connectAirbyte(t), 4646);
        following(4646, "running", "succeeded", ", \"rowsSynced\": 7");

        Response started = act(t, "airbyte", "sync", Map.of("input", Map.of("wait_seconds", 10), "async", true));

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String href = started.json().get("href").asText();
        assertThat(started.header("Location")).isEqualTo(href);
        assertThat(href).startsWith("/api/v1/jobs/");
        assertThat(started.json().get("status").asText()).isEqualTo("running");
        Response done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", href, t.apiKey(), null), r -> !"running".equals(r.json().get("status").asText()));
        assertThat(done.json().get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.json().get("rule").asInt()).isEqualTo(7);
        assertThat(done.json().at("/output/rowsSynced").asLong()).isEqualTo(7);
        assertThat(done.json().get("finishedAt").asText()).isNotBlank();
        // The background call continues the request's trace: its event row carries the job's trace id.
        assertThat(eventRow(started.json().get("traceId").asText()).get("status")).isEqualTo("success");
        // Another workspace does not see it.
        Tenant other = newWorkspace("pro");
        assertThat(call("GET", href, other.apiKey(), null).status()).isEqualTo(404);
    }

    @Test
    void anAsyncCallThatFailsKeepsTheProblemItWouldHaveAnswered() {
        Tenant t = newWorkspace("pro");
        created(connectAirbyte(t), 4747);
        following(4747, "running", "failed", "");

        Response started = act(t, "airbyte", "sync", Map.of("input", Map.of(), "async", true));

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String href = started.json().get("href").asText();
        Response done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", href, t.apiKey(), null), r -> !"running".equals(r.json().get("status").asText()));
        assertThat(done.json().get("status").asText()).as(done.toString()).isEqualTo("failed");
        assertThat(done.json().at("/problem/status").asInt()).isEqualTo(502);
        assertThat(done.json().at("/problem/type").asText()).endsWith("/vendor-failed");
        assertThat(done.json().at("/problem/airbyteJobId").asLong()).isEqualTo(4747);
        assertThat(done.json().at("/problem/traceId").asText()).isEqualTo(started.json().get("traceId").asText());
    }

    @Test
    void anAsyncCallWithBadInputAnswers400AndStartsNothing() {
        Tenant t = newWorkspace("pro");
        connectAirbyte(t);

        Response r = act(t, "airbyte", "sync", Map.of("input", Map.of("wait_seconds", 0), "async", true));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("path").asText()).isEqualTo("/wait_seconds");
        assertThat(AIRBYTE.getAllServeEvents()).isEmpty();
        assertThat(call("GET", "/api/v1/jobs/" + UUID.randomUUID(), t.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/jobs/not-a-job", t.apiKey(), null).status()).isEqualTo(404);
    }

    private String connectAirbyte(Tenant t) {
        String connection = UUID.randomUUID().toString();
        Response connected = call("POST", "/api/v1/connectors/airbyte/connect", t.apiKey(),
                Map.of("name", "warehouse", "credentials", Map.of("connectionId", connection)));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        return connection;
    }

    private static void created(String connection, long jobId) {
        AIRBYTE.stubFor(post(urlPathEqualTo("/v1/jobs")).withHeader("Authorization", equalTo("Bearer " + AIRBYTE_TOKEN))
                .willReturn(job(jobId, "pending", ", \"connectionId\": \"" + connection + "\"")));
    }

    private static void following(long jobId, String first, String last, String more) {
        String scenario = "job " + jobId;
        AIRBYTE.stubFor(get(urlPathEqualTo("/v1/jobs/" + jobId)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(job(jobId, first, "")).willSetStateTo("ended"));
        AIRBYTE.stubFor(get(urlPathEqualTo("/v1/jobs/" + jobId)).inScenario(scenario).whenScenarioStateIs("ended")
                .willReturn(job(jobId, last, ", \"lastUpdatedAt\": \"2026-12-03T10:02:04Z\"" + more)));
    }

    private static ResponseDefinitionBuilder job(long jobId, String status, String more) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"jobId\": " + jobId
                + ", \"status\": \"" + status + "\", \"jobType\": \"sync\", \"startTime\": \"2026-12-03T10:00:00Z\"" + more + "}");
    }
}
