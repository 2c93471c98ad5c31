package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule 4 through the HTTP API: a visual workflow's Slack call, with no Slack connection of the
 * workspace's own, runs as Composio's Slack tool (WireMock in Composio's documented shapes,
 * src/test/resources/stubs/composio): the workspace is the Composio user, the input the tool's
 * arguments, the tool's data the output; Composio's refusals answered as the vendor's.
 */
class ComposioBackendTest extends BackendStubs {

    static final String TOOL = "/api/v3/tools/execute/SLACK_SEND_MESSAGE";

    @Test
    void aVisualWorkflowsCallRunsAsTheComposioToolAndItsDataIsTheOutput() {
        Tenant t = newWorkspace("pro");
        COMPOSIO.stubFor(post(urlPathEqualTo(TOOL)).withHeader("x-api-key", equalTo(COMPOSIO_KEY))
                .withRequestBody(matchingJsonPath("$.user_id", equalTo(t.workspaceId())))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"data": {"ok": true, "channel": "C0123ABC", "ts": "1733212800.000100"},
                         "error": null, "successful": true, "log_id": "log_8f2a"}""")));

        Response r = act(t, "slack", "send_message", Map.of("input", Map.of("channel", "#general", "text", "Deployed"),
                "context", Map.of("visualWorkflow", true, "flowId", "flow-1")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(4);
        assertThat(r.json().get("provider").asText()).isEqualTo("composio");
        assertThat(r.json().at("/output/ts").asText()).isEqualTo("1733212800.000100");
        assertThat(r.json().at("/output/channel").asText()).isEqualTo("C0123ABC");
        COMPOSIO.verify(postRequestedFor(urlPathEqualTo(TOOL)).withRequestBody(equalToJson("""
                {"user_id": "%s", "arguments": {"channel": "#general", "text": "Deployed"}, "version": "latest"}"""
                .formatted(t.workspaceId()))));
        Map<String, Object> row = eventRow(r.json().get("traceId").asText());
        assertThat(row.get("status")).isEqualTo("success");
        assertThat(r.body() + row).doesNotContain(COMPOSIO_KEY);
    }

    @Test
    void theWorkspacesOwnComposioUserRunsItsToolsOnceItSetsOne() {
        Tenant t = newWorkspace("pro");
        Tenant other = newWorkspace("pro");
        COMPOSIO.stubFor(post(urlPathEqualTo(TOOL)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"data\": {\"ok\": true}, \"successful\": true}")));

        Response set = call("PUT", "/api/v1/backend-accounts/composio", t.apiKey(), Map.of("accountId", "user_acme-ops@example.com"));
        Response sent = act(t, "slack", "send_message", Map.of("input", Map.of("channel", "#ops", "text", "hi"),
                "context", Map.of("visualWorkflow", true)));

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        COMPOSIO.verify(postRequestedFor(urlPathEqualTo(TOOL)).withRequestBody(matchingJsonPath("$.user_id",
                equalTo("user_acme-ops@example.com"))));
        assertThat(call("GET", "/api/v1/backend-accounts", t.apiKey(), null).json().get(0).get("accountId").asText())
                .isEqualTo("user_acme-ops@example.com");
        assertThat(call("GET", "/api/v1/backend-accounts", other.apiKey(), null).json()).isEmpty();
        assertThat(call("PUT", "/api/v1/backend-accounts/airbyte", t.apiKey(), Map.of("accountId", "x")).status()).isEqualTo(404);
        assertThat(call("PUT", "/api/v1/backend-accounts/composio", t.apiKey(), Map.of("accountId", "has space")).status())
                .isEqualTo(400);
        assertThat(call("DELETE", "/api/v1/backend-accounts/composio", t.apiKey(), null).status()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/backend-accounts/composio", t.apiKey(), null).status()).isEqualTo(404);
    }

    @Test
    void aToolThatRanAndFailedIsTheVendorsRefusalWithComposiosError() {
        COMPOSIO.stubFor(post(urlPathEqualTo(TOOL)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"data": {}, "error": "channel_not_found", "successful": false, "log_id": "log_91c0"}""")));
        Tenant t = newWorkspace("pro");

        Response r = act(t, "slack", "send_message", Map.of("input", Map.of("channel", "#gone", "text", "hi"),
                "context", Map.of("visualWorkflow", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("type").asText()).endsWith("/vendor-refused");
        assertThat(r.json().get("detail").asText()).contains("Composio").contains("channel_not_found");
        assertThat(r.json().get("composioLogId").asText()).isEqualTo("log_91c0");
    }

    @Test
    void aToolComposioDoesNotHaveIsA404WithItsMessage() {
        COMPOSIO.stubFor(post(urlPathEqualTo(TOOL)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"Tool SLACK_SEND_MESSAGE not found for version 20990101_00\", \"code\": 1302}}")));
        Tenant t = newWorkspace("pro");

        Response r = act(t, "slack", "send_message", Map.of("input", Map.of("channel", "#general", "text", "hi"),
                "context", Map.of("visualWorkflow", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).contains("not found for version");
    }

    @Test
    void composioDownCountsAgainstItsBreakerAndAnswers502() {
        COMPOSIO.stubFor(post(urlPathEqualTo(TOOL)).willReturn(aResponse().withStatus(503)));
        Tenant t = newWorkspace("pro");

        Response r = act(t, "slack", "send_message", Map.of("input", Map.of("channel", "#general", "text", "hi"),
                "context", Map.of("visualWorkflow", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("detail").asText()).contains("Composio failed: HTTP 503");
    }

    @Test
    void aCallFromOutsideAVisualWorkflowNeverReachesComposio() {
        Tenant t = newWorkspace("pro");

        Response r = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "slack", "action", "send_message",
                "input", Map.of("channel", "#general", "text", "hi")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains("the call does not come from a visual workflow");
        assertThat(COMPOSIO.getAllServeEvents()).isEmpty();
    }
}
