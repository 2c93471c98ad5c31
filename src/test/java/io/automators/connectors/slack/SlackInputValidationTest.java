package io.automators.connectors.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.automators.connectors.slack.SlackStub.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input that does not match send_message's schema is refused with 400 before Slack is called. */
class SlackInputValidationTest extends SlackTestSupport {

    @Test
    void refusesAMessageWithoutTextNamingTheFieldAndCallsNoOne() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = call("POST", SEND_MESSAGE, tenant.apiKey(), Map.of("input", Map.of("channel", SlackStub.CHANNEL)));

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().at("/errors/0/message").asText()).contains("text");
        assertThat(r.json().at("/errors/0/path").asText()).isEqualTo("/text");
        assertThat(r.json().get("traceId").asText()).matches("[0-9a-f]{32}");
        SLACK.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAnInputFieldTheSchemaDoesNotDeclareAndCallsNoOne() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = call("POST", SEND_MESSAGE, tenant.apiKey(),
                Map.of("input", Map.of("channel", SlackStub.CHANNEL, "text", "hello", "as_user", true)));

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().at("/errors/0/message").asText()).contains("as_user");
        assertThat(r.json().at("/errors/0/path").asText()).isEqualTo("/as_user");
        SLACK.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAThreadTimestampThatIsNotSlacksTsFormat() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = call("POST", SEND_MESSAGE, tenant.apiKey(),
                Map.of("input", Map.of("channel", SlackStub.CHANNEL, "text", "hello", "thread_ts", "yesterday")));

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().at("/errors/0/path").asText()).contains("thread_ts");
        SLACK.verify(0, anyRequestedFor(anyUrl()));
    }
}
