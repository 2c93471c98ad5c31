package io.automators.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Slack base URL where nothing listens is a 503: the downstream refused the connection. */
class SlackUnreachableTest extends ApiTestSupport {

    /** A loopback port that was free a moment ago and that nothing listens on now. */
    static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void slackBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void answers503WhenNothingListensAtSlacksBaseUrl() {
        Tenant tenant = newWorkspace("pro");
        Response connected = call("POST", "/api/v1/connectors/slack/connect", tenant.apiKey(),
                Map.of("name", "bot", "credentials", Map.of("apiKey", "xoxb-test-unreachable")));
        assertThat(connected.status()).as("%s", connected).isEqualTo(201);

        Response r = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                Map.of("input", Map.of("channel", "C123ABC456", "text", "hello")));

        assertThat(r.status()).as("%s", r).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(r.body()).doesNotContain("xoxb-test-unreachable");
    }
}
