package io.automators.connectors.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.automators.connectors.slack.SlackStub.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of slack.send_message with Slack's chat.postMessage: the exact request Slack
 * receives, and how each of its documented answers maps onto ours.
 */
class SlackSendMessageContractTest extends SlackTestSupport {

    /**
     * What an HTTP client may add on its own. Anything outside this list reaching Slack would be
     * something of ours (or the caller's) leaking out.
     */
    // traceparent: the W3C trace context of the call's vendor span (docs/observability.md), nothing of the caller's.
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "user-agent", "accept-encoding", "expect", "traceparent");

    @Test
    void postsTheChannelAndTextToChatPostMessageWithTheStoredBotToken() {
        String token = newToken();
        Tenant tenant = connectedWorkspace(token);

        Response r = sendMessage(tenant, SlackStub.CHANNEL, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Content-Type", matching("application/json(;\\s*charset=(?i)utf-8)?"))
                // Strict: exactly these two fields, nothing of ours added to what Slack sees.
                .withRequestBody(equalToJson("{\"channel\":\"C123ABC456\",\"text\":\"hello\"}")));
        SLACK.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void sendsSlackNoHeaderBeyondAuthorizationContentTypeAndTransportOnes() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        LoggedRequest request = SLACK.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).get(0);
        Set<String> names = request.getAllHeaderKeys();
        assertThat(names).as("headers Slack received").noneMatch(n -> {
            String lower = n.toLowerCase(Locale.ROOT);
            return lower.startsWith("camel") || lower.startsWith("org.apache.camel") || lower.startsWith("automators");
        });
        assertThat(names.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .filter(n -> !n.equals("authorization") && !n.equals("content-type")))
                .as("headers Slack received besides Authorization and Content-Type")
                .allMatch(TRANSPORT_HEADERS::contains);
        assertThat(request.getHeader("traceparent")).matches("00-" + r.json().get("traceId").asText() + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void answersSlacksDocumentedSuccessAsTheActionOutputRoutedByRuleTwo() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.at("/output/ok").isBoolean()).isTrue();
        assertThat(body.at("/output/ok").asBoolean()).isTrue();
        assertThat(body.at("/output/channel").asText()).isEqualTo("C123ABC456");
        assertThat(body.at("/output/ts").asText()).isEqualTo("1503435956.000247");
        assertThat(body.at("/output/message/bot_id").asText()).isEqualTo("B123ABC456");
        // A stored bot token is rule 2 (Panora, the workspace's own key), not rule 1's OAuth.
        assertThat(body.get("provider").asText()).isEqualTo("runtime-stored-key");
        assertThat(body.get("rule").asInt()).isEqualTo(2);
        assertThat(body.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(body.get("latencyMs").isInt()).as("latencyMs in %s", body).isTrue();
        assertThat(body.get("latencyMs").asInt()).isNotNegative();
    }

    @Test
    void continuesTheCallersW3cTraceId() {
        Tenant tenant = connectedWorkspace(newToken());
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        Response r = call("POST", SEND_MESSAGE, tenant.apiKey(),
                Map.of("input", Map.of("channel", SlackStub.CHANNEL, "text", "hello")),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("traceId").asText()).isEqualTo(traceId);
    }

    @Test
    void answers404WithSlacksCodeWhenSlackSaysOkFalseForAnUnknownChannel() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL_NOT_FOUND, "hello");

        // Slack answered HTTP 200, but ok=false is its refusal: never a 200 to our caller, and the
        // class of failure its manifest gives the code (errors.statuses), with Slack's own code.
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).endsWith("/vendor-refused");
        assertThat(r.json().get("vendorCode").asText()).isEqualTo("channel_not_found");
        assertThat(r.json().get("detail").asText()).contains("channel_not_found");
        assertThat(r.json().get("traceId").asText()).matches("[0-9a-f]{32}");
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage")));
    }

    @Test
    void answers403NamingNotInChannelWhenTheBotIsNotAMemberOfTheChannel() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL_NOT_MEMBER, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains("not_in_channel");
    }

    @Test
    void answersAReconnectProblemNamingTheConnectionWhenSlackRefusesTheStoredToken() {
        Tenant tenant = connectedWorkspace(SlackStub.REVOKED_TOKEN);

        Response r = sendMessage(tenant, SlackStub.CHANNEL, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).endsWith("/reconnect-needed");
        assertThat(r.json().get("connectionId").asText()).matches("[0-9a-f-]{36}");
        assertThat(r.json().get("detail").asText()).contains("invalid_auth").contains("connect slack again");
        assertThat(r.body()).doesNotContain(SlackStub.REVOKED_TOKEN);
    }

    @Test
    void answers429WithSlacksRetryAfterWhenSlackRateLimits() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL_RATE_LIMITED, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("30");
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("traceId").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void answers502WhenSlackFailsWithAServerError() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL_SERVER_ERROR, "hello");

        assertThat(r.status()).as("%s", r).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("vendorStatus").asInt()).isEqualTo(500);
        // Slack's own error page is not passed on to the caller.
        assertThat(r.body()).doesNotContain("<html>");
    }

    @Test
    void answers502WhenSlacksHttp200IsNotItsJsonAnswer() {
        Tenant tenant = connectedWorkspace(newToken());

        Response r = sendMessage(tenant, SlackStub.CHANNEL_NOT_JSON, "hello");

        // Something between us and Slack answered instead of Slack: a downstream failure, never our 500.
        assertThat(r.status()).as("%s", r).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("<html>");
    }
}
