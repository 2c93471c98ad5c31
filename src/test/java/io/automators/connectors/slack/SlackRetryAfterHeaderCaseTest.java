package io.automators.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slack's 429 keeps its Retry-After whatever the letter case of the header name (RFC 9110 §5.1:
 * field names are case-insensitive). WireMock's Jetty always writes "Retry-After", so this class
 * answers with the JDK's HTTP server, which writes it as "Retry-after", as an edge proxy may.
 */
class SlackRetryAfterHeaderCaseTest extends ApiTestSupport {

    static final HttpServer RATE_LIMITING_SLACK = start();

    @DynamicPropertySource
    static void slackBaseUrl(DynamicPropertyRegistry registry) {
        registry.add("automators.connectors.slack.base-url",
                () -> "http://127.0.0.1:" + RATE_LIMITING_SLACK.getAddress().getPort());
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/chat.postMessage", exchange -> {
                byte[] body = "{\"ok\":false,\"error\":\"ratelimited\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("retry-after", "7");
                exchange.getResponseHeaders().add("content-type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(429, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        RATE_LIMITING_SLACK.stop(0);
    }

    @Test
    void passesOnRetryAfterWhenSlacksHeaderNameIsNotInCanonicalCase() {
        Tenant tenant = newWorkspace("pro");
        Response connected = call("POST", "/api/v1/connectors/slack/connect", tenant.apiKey(),
                Map.of("name", "bot", "credentials", Map.of("apiKey", "xoxb-test-ratelimited")));
        assertThat(connected.status()).as("%s", connected).isEqualTo(201);

        Response r = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                Map.of("input", Map.of("channel", "C123ABC456", "text", "hello")));

        assertThat(r.status()).as("%s", r).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("7");
    }
}
