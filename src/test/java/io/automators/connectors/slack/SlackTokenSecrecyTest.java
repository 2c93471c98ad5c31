package io.automators.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bot token goes to Slack and nowhere else: not to the caller, not to listings, not to the logs. */
class SlackTokenSecrecyTest extends SlackTestSupport {

    @Test
    void neverShowsTheTokenInTheAnswerTheListingsOrTheEventLog() {
        String token = newToken();
        Tenant tenant = connectedWorkspace(token);

        Response sent = sendMessage(tenant, SlackStub.CHANNEL, "hello");

        assertThat(sent.status()).as("%s", sent).isEqualTo(200);
        assertThat(sent.body()).doesNotContain(token);
        // The token did reach Slack, so the searches below look for something that exists.
        assertThat(SlackStub.SLACK.getAllServeEvents().get(0).getRequest().getHeader("Authorization")).contains(token);

        Response connections = call("GET", "/api/v1/connections", tenant.apiKey(), null);
        assertThat(connections.status()).isEqualTo(200);
        assertThat(connections.json().findValuesAsText("connectorId")).contains("slack");
        assertThat(connections.body()).doesNotContain(token);

        Response connector = call("GET", "/api/v1/connectors/slack", tenant.apiKey(), null);
        assertThat(connector.status()).isEqualTo(200);
        assertThat(connector.json().get("connected").asBoolean()).isTrue();
        assertThat(connector.body()).doesNotContain(token);

        JsonNode trace = eventLogOf(tenant, sent.json().get("traceId").asText());
        assertThat(trace.toString()).doesNotContain(token);
    }

    @Test
    void neverShowsTheTokenWhenSlackRefusesTheCall() {
        String token = newToken();
        Tenant tenant = connectedWorkspace(token);

        Response refused = sendMessage(tenant, SlackStub.CHANNEL_NOT_FOUND, "hello");

        assertThat(refused.status()).as("%s", refused).isEqualTo(404);
        assertThat(refused.body()).doesNotContain(token);
        JsonNode trace = eventLogOf(tenant, refused.json().get("traceId").asText());
        assertThat(trace.at("/eventLogs/0/status").asText()).isEqualTo("error");
        assertThat(trace.toString()).doesNotContain(token);
    }

    /** The trace of a call once its event_logs row is committed (the batch writer runs off the call's path). */
    private JsonNode eventLogOf(Tenant tenant, String traceId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> call("GET", "/api/v1/traces/" + traceId, tenant.apiKey(), null).json(),
                        t -> t.path("eventLogs").size() == 1 && "slack".equals(t.at("/eventLogs/0/context/connector").asText()));
    }
}
