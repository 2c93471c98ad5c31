package io.automators.connectors.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.slack.SlackStub;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example integrator route (routes/examples/new-contact-to-slack.camel.yaml) runs HubSpot and
 * Slack through the automators-action Kamelet: both vendors get their documented requests with the
 * workspace's own connections, and each call leaves its event row.
 */
@DirtiesContext
class ExampleRouteTest extends ApiTestSupport {

    static final WireMockServer HUBSPOT = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        HUBSPOT.start();
        registry.add("automators.connectors.hubspot.base-url", HUBSPOT::baseUrl);
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @AfterAll
    static void stop() {
        HUBSPOT.stop();
    }

    @Autowired
    ProducerTemplate template;

    @Test
    void aNewContactGoesToHubSpotAndIsAnnouncedInSlackThroughTheKamelet() {
        Tenant t = newWorkspace("pro");
        assertThat(call("POST", "/api/v1/connectors/hubspot/connect", t.apiKey(),
                Map.of("credentials", Map.of("apiKey", "pat-na1-example-route"))).status()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/connectors/slack/connect", t.apiKey(),
                Map.of("credentials", Map.of("apiKey", "xoxb-example-route"))).status()).isEqualTo(201);
        HUBSPOT.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts"))
                .withHeader("Authorization", equalTo("Bearer pat-na1-example-route"))
                .withRequestBody(equalToJson("{\"properties\": {\"email\": \"ada@example.com\", \"firstname\": \"Ada\"}}"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"id": "901", "properties": {"email": "ada@example.com", "firstname": "Ada"},
                         "createdAt": "2026-11-25T10:00:00Z", "updatedAt": "2026-11-25T10:00:00Z", "archived": false}""")));

        Exchange done = template.request("direct:example-new-contact-to-slack", e -> e.getMessage().setBody(Map.of(
                "workspaceId", t.workspaceId(), "email", "ada@example.com", "firstname", "Ada", "channel", "C123ABC456")));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(Map.class)).containsEntry("ok", true);
        SlackStub.SLACK.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer xoxb-example-route"))
                .withRequestBody(equalToJson("{\"channel\": \"C123ABC456\", \"text\": \"New contact in HubSpot: 901\"}")));
        // One run of the route is one trace: both of its action calls' rows are under it.
        String routeTrace = done.getProperty("automatorsActionTraceId", String.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                call("GET", "/api/v1/traces/" + routeTrace, t.apiKey(), null).json().get("eventLogs"))
                .extracting(row -> row.at("/context/tool_id").asText())
                .containsExactly("hubspot.create_contact", "slack.send_message"));
    }

    @Test
    void aFailingActionFailsTheRouteWithTheCallsProblem() {
        Tenant t = newWorkspace("pro");
        // No HubSpot connection: the waterfall finds no rule, before any vendor is called.
        assertThatThrownBy(() -> template.requestBody("direct:example-new-contact-to-slack", Map.of(
                "workspaceId", t.workspaceId(), "email", "ada@example.com", "firstname", "Ada", "channel", "C123ABC456")))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(CallFailure.class)
                .satisfies(failure -> assertThat(((CallFailure) failure).kind().slug()).isEqualTo("unroutable"));
    }
}
