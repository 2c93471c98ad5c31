package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule 10 through the HTTP API: the stackstorm connector's actions and a connector posting to its own
 * webhook run on the StackStorm backend (WireMock in StackStorm's documented shapes,
 * src/test/resources/stubs/stackstorm), the runtime's key in St2-Api-Key and nowhere else.
 */
class StackStormBackendTest extends BackendStubs {

    static final String EXECUTION = "5f3a1c2b9d8e7f6a5b4c3d2e";

    @Test
    void runsAnActionAndFollowsItsExecutionToItsResult() {
        created(EXECUTION);
        following(EXECUTION, "running", "succeeded",
                "\"result\": {\"failed\": false, \"succeeded\": true, \"return_code\": 0, \"stdout\": \"up 3 days\", \"stderr\": \"\"},"
                        + " \"end_timestamp\": \"2026-12-03T10:00:02.000000Z\"");
        Tenant t = newWorkspace("pro");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local",
                "parameters", Map.of("cmd", "uptime"), "wait", true, "wait_seconds", 10)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(10);
        assertThat(r.json().get("provider").asText()).isEqualTo("stackstorm");
        assertThat(r.json().at("/output/executionId").asText()).isEqualTo(EXECUTION);
        assertThat(r.json().at("/output/status").asText()).isEqualTo("succeeded");
        assertThat(r.json().at("/output/result/stdout").asText()).isEqualTo("up 3 days");
        assertThat(r.json().at("/output/endTimestamp").asText()).startsWith("2026-12-03T10:00:02");
        STACKSTORM.verify(postRequestedFor(urlPathEqualTo("/api/v1/executions"))
                .withHeader("St2-Api-Key", equalTo(STACKSTORM_KEY))
                .withRequestBody(equalToJson("{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"uptime\"}}")));
        STACKSTORM.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/executions/" + EXECUTION)));
        Map<String, Object> row = eventRow(r.json().get("traceId").asText());
        assertThat(row.get("status")).isEqualTo("success");
        assertThat(r.body() + row).doesNotContain(STACKSTORM_KEY);
    }

    @Test
    void withoutWaitAnswersTheQueuedExecutionAtOnce() {
        created(EXECUTION);
        Tenant t = newWorkspace("free");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/status").asText()).isEqualTo("requested");
        assertThat(r.json().at("/output/executionId").asText()).isEqualTo(EXECUTION);
        assertThat(r.json().at("/output/result").isMissingNode()).isTrue();
        STACKSTORM.verify(postRequestedFor(urlPathEqualTo("/api/v1/executions"))
                .withRequestBody(equalToJson("{\"action\": \"core.local\", \"parameters\": {}}")));
        STACKSTORM.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/executions/" + EXECUTION)));
    }

    @Test
    void anExecutionThatFailsIsTheCallsFailureNamingIt() {
        created(EXECUTION);
        following(EXECUTION, "running", "failed", "\"result\": {\"failed\": true, \"return_code\": 1, \"stderr\": \"no such unit\"}");
        Tenant t = newWorkspace("pro");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local", "wait", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("executionId").asText()).isEqualTo(EXECUTION);
        assertThat(r.json().get("executionStatus").asText()).isEqualTo("failed");
        assertThat(r.json().get("detail").asText()).contains("ended failed");
        assertThat(eventRow(r.json().get("traceId").asText()).get("status")).isEqualTo("error");
    }

    @Test
    void anExecutionStillRunningAtTheDeadlineAnswers504NamingIt() {
        created(EXECUTION);
        STACKSTORM.stubFor(get(urlPathEqualTo("/api/v1/executions/" + EXECUTION))
                .willReturn(execution(EXECUTION, "running", "")));
        Tenant t = newWorkspace("pro");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local", "wait", true,
                "wait_seconds", 1)));

        assertThat(r.status()).as(r.toString()).isEqualTo(504);
        assertThat(r.json().get("executionId").asText()).isEqualTo(EXECUTION);
        assertThat(r.json().get("executionStatus").asText()).isEqualTo("running");
        assertThat(r.json().get("detail").asText()).contains("still running after 1 s");
    }

    @Test
    void sendsAnEventToTheGenericWebhook() {
        STACKSTORM.stubFor(post(urlPathEqualTo("/api/v1/webhooks/st2")).withHeader("St2-Api-Key", equalTo(STACKSTORM_KEY))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"trigger\": \"ops.deploy_requested\", \"payload\": {\"service\": \"billing\"}}")));
        Tenant t = newWorkspace("free");

        Response r = act(t, "stackstorm", "send_event", Map.of("input", Map.of("trigger", "ops.deploy_requested",
                "payload", Map.of("service", "billing"))));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/accepted").asBoolean()).isTrue();
        assertThat(r.json().at("/output/trigger").asText()).isEqualTo("ops.deploy_requested");
        STACKSTORM.verify(postRequestedFor(urlPathEqualTo("/api/v1/webhooks/st2"))
                .withRequestBody(equalToJson("{\"trigger\": \"ops.deploy_requested\", \"payload\": {\"service\": \"billing\"}}")));
    }

    @Test
    void aConnectorNamingItsWebhookPostsItsInputThere() {
        STACKSTORM.stubFor(post(urlPathEqualTo("/api/v1/webhooks/deploy"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
        Tenant t = newWorkspace("free");

        Response r = act(t, "deploy-hook", "request_deploy", Map.of("input", Map.of("service", "billing", "version", "2.4.1")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(10);
        assertThat(r.json().at("/output/webhook").asText()).isEqualTo("deploy");
        STACKSTORM.verify(postRequestedFor(urlPathEqualTo("/api/v1/webhooks/deploy"))
                .withRequestBody(matchingJsonPath("$.version", equalTo("2.4.1"))));
    }

    @Test
    void stackstormsRefusalIsAnsweredWithItsFaultstring() {
        STACKSTORM.stubFor(post(urlPathEqualTo("/api/v1/executions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"faultstring\": \"Action \\\"nope.missing\\\" cannot be found.\"}")));
        Tenant t = newWorkspace("free");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "nope.missing")));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).endsWith("/vendor-refused");
        assertThat(r.json().get("detail").asText()).contains("nope.missing").contains("cannot be found");
    }

    @Test
    void aKeyStackStormRefusesIsTheOperatorsMatterNotTheCallers() {
        STACKSTORM.stubFor(post(urlPathEqualTo("/api/v1/executions")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"faultstring\": \"Unauthorized - ApiKey with key_hash=abc not found.\"}")));
        Tenant t = newWorkspace("free");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local")));

        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.json().get("detail").asText()).contains("automators.providers.stackstorm.api-key")
                .doesNotContain(STACKSTORM_KEY);
    }

    @Test
    void inputOutsideTheActionsSchemaNeverReachesStackStorm() {
        Tenant t = newWorkspace("free");

        Response r = act(t, "stackstorm", "run_action", Map.of("input", Map.of("action", "core.local; rm -rf /")));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("path").asText()).isEqualTo("/action");
        assertThat(STACKSTORM.getAllServeEvents()).isEmpty();
    }

    private static void created(String id) {
        STACKSTORM.stubFor(post(urlPathEqualTo("/api/v1/executions")).withHeader("St2-Api-Key", equalTo(STACKSTORM_KEY))
                .willReturn(execution(id, "requested", "").withStatus(201)));
    }

    private static void following(String id, String first, String last, String ended) {
        String scenario = "execution " + id;
        STACKSTORM.stubFor(get(urlPathEqualTo("/api/v1/executions/" + id)).inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(execution(id, first, "")).willSetStateTo("ended"));
        STACKSTORM.stubFor(get(urlPathEqualTo("/api/v1/executions/" + id)).inScenario(scenario)
                .whenScenarioStateIs("ended").willReturn(execution(id, last, ", " + ended)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder execution(String id, String status, String more) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\": \"" + id
                + "\", \"status\": \"" + status + "\", \"action\": {\"ref\": \"core.local\"}, \"parameters\": {},"
                + " \"start_timestamp\": \"2026-12-03T10:00:00.000000Z\"" + more + "}");
    }

}
