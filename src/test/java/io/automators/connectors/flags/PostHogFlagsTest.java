package io.automators.connectors.flags;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostHog's flags (a WireMock stub in PostHog's documented shape, stubs/posthog) decide a flag no row
 * decides; a row of the workspace still wins; PostHog failing leaves the default, never a failed call.
 */
@DirtiesContext
class PostHogFlagsTest extends ApiTestSupport {

    static final WireMockServer POSTHOG = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String KEY = "phc_test_project_key_0123456789";

    @DynamicPropertySource
    static void posthog(DynamicPropertyRegistry registry) {
        POSTHOG.start();
        registry.add("automators.analytics.posthog.host", POSTHOG::baseUrl);
        registry.add("automators.analytics.posthog.api-key", () -> KEY);
    }

    @AfterAll
    static void stop() {
        POSTHOG.stop();
    }

    @Test
    void postHogDecidesWhatNoRowDecidesAndARowStillWins() {
        Tenant t = newWorkspace("pro");
        POSTHOG.stubFor(post(urlPathEqualTo("/flags")).withQueryParam("v", equalTo("2"))
                .withRequestBody(matchingJsonPath("$.token", equalTo(KEY)))
                .withRequestBody(matchingJsonPath("$.distinct_id", equalTo("u-ph")))
                .withRequestBody(matchingJsonPath("$.groups.workspace", equalTo(t.workspaceId())))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"flags": {"new_checkout": {"key": "new_checkout", "enabled": true, "variant": null,
                                                    "reason": {"code": "condition_match", "description": "Matched condition set 1"}},
                                   "agent_debugger_ui": {"key": "agent_debugger_ui", "enabled": true, "variant": null}},
                         "errorsWhileComputingFlags": false, "requestId": "0f801b5b-0776-42ca-b0f7-8375c95730bf"}""")));

        JsonNode fromPostHog = call("GET", "/api/v1/flags/new_checkout?userId=u-ph", t.apiKey(), null).json();
        assertThat(fromPostHog.get("enabled").asBoolean()).isTrue();
        assertThat(fromPostHog.get("source").asText()).isEqualTo("posthog");

        call("PUT", "/api/v1/flags/agent_debugger_ui", t.apiKey(), Map.of("enabled", false));
        JsonNode row = call("GET", "/api/v1/flags/agent_debugger_ui?userId=u-ph", t.apiKey(), null).json();
        assertThat(row.get("source").asText()).isEqualTo("workspace");
        assertThat(row.get("enabled").asBoolean()).isFalse();
        JsonNode unknown = call("GET", "/api/v1/flags/never_heard_of?userId=u-ph", t.apiKey(), null).json();
        assertThat(unknown.get("source").asText()).isEqualTo("default");
    }

    @Test
    void aFailingPostHogLeavesTheDefault() {
        Tenant t = newWorkspace("pro");
        POSTHOG.stubFor(post(urlPathEqualTo("/flags")).withRequestBody(matchingJsonPath("$.distinct_id", equalTo("u-down")))
                .willReturn(aResponse().withStatus(503)));
        Response r = call("GET", "/api/v1/flags/track_model_costs?userId=u-down", t.apiKey(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("source").asText()).isEqualTo("default");
        assertThat(r.json().get("enabled").asBoolean()).isTrue();
    }
}
