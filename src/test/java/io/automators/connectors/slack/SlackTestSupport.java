package io.automators.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slack tests through the real HTTP API, with the connector's base URL pointed at {@link SlackStub}.
 * The property source lives here only, so every subclass without properties of its own shares one
 * Spring context.
 */
abstract class SlackTestSupport extends ApiTestSupport {

    protected static final String SEND_MESSAGE = "/api/v1/connectors/slack/actions/send_message";

    @DynamicPropertySource
    static void slackBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url", SlackStub::baseUrl);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        SlackStub.SLACK.resetRequests();
    }

    /** A unique bot token, so a leak of it can be searched for anywhere. */
    protected static String newToken() {
        return "xoxb-test-" + UUID.randomUUID();
    }

    /** Connects Slack for the workspace with the bot token, as a workflow node's user would. */
    protected void connectSlack(Tenant tenant, String token) {
        Response connected = call("POST", "/api/v1/connectors/slack/connect", tenant.apiKey(),
                Map.of("name", "bot", "credentials", Map.of("apiKey", token)));
        assertThat(connected.status()).as("connect: %s", connected).isEqualTo(201);
    }

    /** A fresh workspace connected to Slack with {@code token}. */
    protected Tenant connectedWorkspace(String token) {
        Tenant tenant = newWorkspace("pro");
        connectSlack(tenant, token);
        return tenant;
    }

    protected Response sendMessage(Tenant tenant, String channel, String text) {
        return call("POST", SEND_MESSAGE, tenant.apiKey(), Map.of("input", Map.of("channel", channel, "text", text)));
    }
}
