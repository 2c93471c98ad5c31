package io.automators.connectors.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.automators.connectors.slack.SlackStub.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A Slack that does not answer within the HTTP response timeout is a 504, not a hung caller. */
@TestPropertySource(properties = {
        "camel.component.http.response-timeout=1500",
        "camel.component.http.so-timeout=1500"})
class SlackTimeoutTest extends SlackTestSupport {

    @Test
    void answers504WhenSlackDoesNotAnswerWithinTheResponseTimeout() {
        Tenant tenant = connectedWorkspace(newToken());

        long started = System.nanoTime();
        Response r = sendMessage(tenant, SlackStub.CHANNEL_SLOW, "hello");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(r.status()).as("%s", r).isEqualTo(504);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("traceId").asText()).matches("[0-9a-f]{32}");
        // The call did reach Slack, and we gave up before its 4 s answer came.
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
        assertThat(took).isLessThan(Duration.ofMillis(3800));
    }
}
