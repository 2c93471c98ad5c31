package io.automators.connectors.providers.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import org.springframework.beans.factory.annotation.Autowired;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 1 without Nango: Gmail and Outlook connected with the runtime's own OAuth client (authorization
 * code + PKCE) and called through the HTTP API. Google's and Microsoft's token endpoints, the Gmail
 * API and Microsoft Graph are WireMock stubs in their documented shapes (src/test/resources/stubs/google,
 * stubs/microsoft). The callback redirects to the configured page.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class BuiltinOAuthTest extends ApiTestSupport {

    static final WireMockServer GOOGLE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final WireMockServer MICROSOFT = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String GOOGLE_SECRET = "google-client-secret-" + UUID.randomUUID();
    static final String MICROSOFT_SECRET = "microsoft-client-secret-" + UUID.randomUUID();
    static final String PAGE = "https://app.example.com/connections/done";

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        GOOGLE.start();
        MICROSOFT.start();
        registry.add("automators.connectors.gmail.oauth.client-id", () -> "gmail-client.apps.googleusercontent.com");
        registry.add("automators.connectors.gmail.oauth.client-secret", () -> GOOGLE_SECRET);
        registry.add("automators.connectors.gmail.oauth.token-url", () -> GOOGLE.baseUrl() + "/token");
        registry.add("automators.connectors.gmail.base-url", GOOGLE::baseUrl);
        registry.add("automators.connectors.outlook.oauth.client-id", () -> "0b1c2d3e-outlook-client");
        registry.add("automators.connectors.outlook.oauth.client-secret", () -> MICROSOFT_SECRET);
        registry.add("automators.connectors.outlook.oauth.token-url", () -> MICROSOFT.baseUrl() + "/common/oauth2/v2.0/token");
        registry.add("automators.connectors.outlook.base-url", MICROSOFT::baseUrl);
        registry.add("automators.public-url", () -> "https://connectors.example.com");
        registry.add("automators.oauth.redirect-url", () -> PAGE);
    }

    @AfterAll
    static void stop() {
        GOOGLE.stop();
        MICROSOFT.stop();
    }

    @Test
    void anEndUserConnectsGmailWithPkceAndTheWorkspaceSendsAnEmail(CapturedOutput logs) throws Exception {
        Tenant t = newWorkspace("pro");
        Response authorize = call("GET", "/api/v1/oauth/gmail/authorize?name=sales", t.apiKey(), null);
        assertThat(authorize.status()).as(authorize.toString()).isEqualTo(200);
        Map<String, String> consent = query(authorize.json().get("authorizationUrl").asText());
        assertThat(authorize.json().get("authorizationUrl").asText()).startsWith("https://accounts.google.com/o/oauth2/v2/auth?");
        assertThat(consent).containsEntry("response_type", "code")
                .containsEntry("client_id", "gmail-client.apps.googleusercontent.com")
                .containsEntry("redirect_uri", "https://connectors.example.com/api/v1/oauth/gmail/callback")
                .containsEntry("scope", "https://www.googleapis.com/auth/gmail.send")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline").containsEntry("prompt", "consent");

        String access = "ya29.access-" + UUID.randomUUID();
        String refresh = "1//refresh-" + UUID.randomUUID();
        String code = "4/code-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + encode(code)))
                .willReturn(tokens(access, refresh, 3599, "https://www.googleapis.com/auth/gmail.send")));
        Response back = call("GET", "/api/v1/oauth/gmail/callback?state=" + consent.get("state") + "&code=" + encode(code)
                + "&scope=https://www.googleapis.com/auth/gmail.send", null, null);

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        Map<String, String> outcome = query(back.header("Location"));
        assertThat(back.header("Location")).startsWith(PAGE + "?");
        assertThat(outcome).containsEntry("status", "connected").containsEntry("connector", "gmail");
        // The code went to Google with the verifier of the challenge, the redirect URI and the client.
        Map<String, String> exchange = form(GOOGLE.findAll(postRequestedFor(urlPathEqualTo("/token"))
                .withRequestBody(containing("code=" + encode(code)))).get(0));
        assertThat(exchange).containsEntry("grant_type", "authorization_code").containsEntry("code", code)
                .containsEntry("redirect_uri", "https://connectors.example.com/api/v1/oauth/gmail/callback")
                .containsEntry("client_id", "gmail-client.apps.googleusercontent.com")
                .containsEntry("client_secret", GOOGLE_SECRET);
        assertThat(BuiltinOAuthFlow.challenge(exchange.get("code_verifier"))).isEqualTo(consent.get("code_challenge"));

        JsonNode connection = connection(t, outcome.get("connectionId"));
        assertThat(connection.get("kind").asText()).isEqualTo("oauth");
        assertThat(connection.get("status").asText()).isEqualTo("connected");
        assertThat(connection.get("name").asText()).isEqualTo("sales");

        GOOGLE.stubFor(post(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
                .withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"18c2f0a1b2c3d4e5\", \"threadId\": \"18c2f0a1b2c3d4e5\", \"labelIds\": [\"SENT\"]}")));
        Response sent = call("POST", "/api/v1/connectors/gmail/actions/send_email", t.apiKey(), Map.of("input", Map.of(
                "to", List.of("Ada Lovelace <ada@example.com>", "bob@example.com"), "cc", "carol@example.com",
                "subject", "Zürich report ✓", "text", "Numbers attached.", "html", "<p>Numbers attached.</p>")));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().at("/output/id").asText()).isEqualTo("18c2f0a1b2c3d4e5");
        assertThat(sent.json().get("provider").asText()).isEqualTo("builtin-oauth");
        JsonNode decision = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "gmail", "action", "send_email")).json();
        assertThat(decision.get("rule").asInt()).isEqualTo(1);
        assertThat(decision.get("reason").asText()).contains("the workspace's connection was made with the built-in OAuth client");
        JsonNode raw = JSON.readTree(GOOGLE.findAll(postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
                .withHeader("Authorization", equalTo("Bearer " + access))).get(0).getBodyAsString());
        assertThat(raw.get("raw").asText()).doesNotContain("+", "/", "=");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Base64.getUrlDecoder().decode(raw.get("raw").asText())));
        assertThat(message.getHeader("To", ",")).contains("ada@example.com").contains("bob@example.com");
        assertThat(message.getHeader("Cc", ",")).contains("carol@example.com");
        assertThat(message.getSubject()).isEqualTo("Zürich report ✓");
        assertThat(message.getContentType()).startsWith("multipart/alternative");

        String traceId = sent.json().get("traceId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(call("GET", "/api/v1/traces/" + traceId, t.apiKey(), null).json().get("eventLogs")).hasSize(1));
        Response trace = call("GET", "/api/v1/traces/" + traceId, t.apiKey(), null);
        for (String secret : List.of(access, refresh, GOOGLE_SECRET, code)) {
            assertThat(sent.body()).doesNotContain(secret);
            assertThat(trace.body()).doesNotContain(secret);
            assertThat(decision.toString()).doesNotContain(secret);
            assertThat(authorize.body()).doesNotContain(secret);
            assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).body()).doesNotContain(secret);
            assertThat(back.header("Location")).doesNotContain(secret);
            assertThat(logs.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void aHeaderCannotBeSmuggledIntoTheMessage() throws Exception {
        Tenant t = newWorkspace("pro");
        String access = connectGmail(t, "default", 3599);
        Response sent = call("POST", "/api/v1/connectors/gmail/actions/send_email", t.apiKey(), Map.of("input", Map.of(
                "to", "ada@example.com\r\nBcc: eve@example.com", "subject", "hi", "text", "x")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(400);
        assertThat(sent.json().get("detail").asText()).contains("not an e-mail address");
        GOOGLE.verify(0, postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
                .withHeader("Authorization", equalTo("Bearer " + access)));
    }

    @Test
    void fiftyConcurrentCallsOnAnExpiredTokenMakeOneRefresh() throws Exception {
        Tenant t = newWorkspace("pro");
        String refresh = "1//refresh-" + UUID.randomUUID();
        // Expires within the runtime's margin: the first calls must refresh it.
        String stale = connectGmail(t, "default", 30, refresh);
        String fresh = "ya29.fresh-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh)))
                .willReturn(tokens(fresh, null, 3599, null).withFixedDelay(300)));
        stubGmailSend(fresh);

        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> sendGmail(t)));
            }
            for (Future<Response> call : calls) {
                assertThat(call.get().status()).as(call.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + encode(refresh))));
        GOOGLE.verify(0, postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
                .withHeader("Authorization", equalTo("Bearer " + stale)));
    }

    @Autowired
    Connections connections;
    @Autowired
    OAuthTokenEndpoint endpoint;
    @Autowired
    OAuthTokens tokens;
    @Autowired
    ConnectorCatalog catalog;

    /** Two nodes (each its own token cache) share one PostgreSQL: the row lock makes one refresh serve both. */
    @Test
    void twoNodesMeetingAnExpiredTokenMakeOneRefresh() throws Exception {
        Tenant t = newWorkspace("pro");
        String refresh = "1//refresh-" + UUID.randomUUID();
        connectGmail(t, "default", 30, refresh);
        String fresh = "ya29.fresh-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh)))
                .willReturn(tokens(fresh, null, 3599, null).withFixedDelay(300)));
        UUID workspace = UUID.fromString(t.workspaceId());
        Connection connection = connections.list(workspace).get(0);
        CatalogEntry gmail = catalog.require("gmail");
        OAuthTokens otherNode = new OAuthTokens(connections, endpoint);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                OAuthTokens node = i % 2 == 0 ? tokens : otherNode;
                answers.add(pool.submit(() -> node.accessToken(workspace, connection, gmail)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo(fresh);
            }
        } finally {
            pool.shutdownNow();
        }
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh))));
    }

    @Test
    void aGmail401ForcesOneRefreshAndOneRetry() {
        Tenant t = newWorkspace("pro");
        String refresh = "1//refresh-" + UUID.randomUUID();
        String refused = connectGmail(t, "default", 3599, refresh);
        String fresh = "ya29.fresh-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/gmail/v1/users/me/messages/send")).withHeader("Authorization", equalTo("Bearer " + refused))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}}""")));
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh)))
                .willReturn(tokens(fresh, null, 3599, null)));
        stubGmailSend(fresh);

        Response sent = sendGmail(t);

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh))));
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send")).withHeader("Authorization", equalTo("Bearer " + refused)));
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send")).withHeader("Authorization", equalTo("Bearer " + fresh)));
    }

    @Test
    void aRevokedRefreshTokenMarksTheConnectionAndConnectingAgainMendsIt() {
        Tenant t = newWorkspace("pro");
        String refresh = "1//revoked-" + UUID.randomUUID();
        connectGmail(t, "default", 10, refresh);
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=" + encode(refresh)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Token has been expired or revoked.\"}")));

        Response refusedCall = sendGmail(t);
        assertThat(refusedCall.status()).as(refusedCall.toString()).isEqualTo(409);
        assertThat(refusedCall.json().get("detail").asText()).contains("needs reconnect").contains("invalid_grant")
                .contains("/api/v1/oauth/gmail/authorize?name=default");
        JsonNode listed = call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("needs_reconnect");
        assertThat(sendGmail(t).status()).isEqualTo(409);

        String fresh = connectGmail(t, "default", 3599);
        stubGmailSend(fresh);
        Response mended = sendGmail(t);
        assertThat(mended.status()).as(mended.toString()).isEqualTo(200);
        JsonNode after = call("GET", "/api/v1/connections", t.apiKey(), null).json();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("status").asText()).isEqualTo("connected");
    }

    @Test
    void aForgedExpiredReplayedOrRefusedCallbackRecordsNothing() {
        Tenant t = newWorkspace("pro");
        Response forged = call("GET", "/api/v1/oauth/gmail/callback?state=not-a-state&code=x", null, null);
        assertThat(query(forged.header("Location"))).containsEntry("status", "error");
        assertThat(query(forged.header("Location")).get("error")).contains("not one this runtime issued");

        Map<String, String> consent = query(call("GET", "/api/v1/oauth/gmail/authorize", t.apiKey(), null).json()
                .get("authorizationUrl").asText());
        Response denied = call("GET", "/api/v1/oauth/gmail/callback?error=access_denied&state=" + consent.get("state"), null, null);
        assertThat(query(denied.header("Location")).get("error")).contains("access_denied");
        Response replayed = call("GET", "/api/v1/oauth/gmail/callback?code=x&state=" + consent.get("state"), null, null);
        assertThat(query(replayed.header("Location")).get("error")).contains("already finished");

        Map<String, String> outlookState = query(call("GET", "/api/v1/oauth/outlook/authorize", t.apiKey(), null).json()
                .get("authorizationUrl").asText());
        Response crossed = call("GET", "/api/v1/oauth/gmail/callback?code=x&state=" + outlookState.get("state"), null, null);
        assertThat(query(crossed.header("Location")).get("error")).contains("issued for outlook");

        Map<String, String> fresh = query(call("GET", "/api/v1/oauth/gmail/authorize", t.apiKey(), null).json()
                .get("authorizationUrl").asText());
        String used = "4/used-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("code=" + encode(used)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Bad Request\"}")));
        Response badCode = call("GET", "/api/v1/oauth/gmail/callback?code=" + encode(used) + "&state=" + fresh.get("state"), null, null);
        assertThat(query(badCode.header("Location")).get("error")).contains("invalid_grant");

        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
        assertThat(call("GET", "/api/v1/oauth/gmail/authorize", null, null).status()).isEqualTo(401);
    }

    @Test
    void outlookConnectsRefreshesWithItsScopesAndSendsThroughGraph() throws Exception {
        Tenant t = newWorkspace("pro");
        Response authorize = call("GET", "/api/v1/oauth/outlook/authorize", t.apiKey(), null);
        String url = authorize.json().get("authorizationUrl").asText();
        assertThat(url).startsWith("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?");
        Map<String, String> consent = query(url);
        assertThat(consent.get("scope")).isEqualTo("offline_access https://graph.microsoft.com/Mail.Send");
        String code = "M.code-" + UUID.randomUUID();
        String refresh = "M.refresh-" + UUID.randomUUID();
        String rotated = "M.rotated-" + UUID.randomUUID();
        String first = "eyJ0.first-" + UUID.randomUUID();
        String second = "eyJ0.second-" + UUID.randomUUID();
        MICROSOFT.stubFor(post(urlPathEqualTo("/common/oauth2/v2.0/token")).withRequestBody(containing("code=" + encode(code)))
                .willReturn(tokens(first, refresh, 30, "Mail.Send")));
        MICROSOFT.stubFor(post(urlPathEqualTo("/common/oauth2/v2.0/token")).withRequestBody(containing("refresh_token=" + encode(refresh)))
                .willReturn(tokens(second, rotated, 3599, "Mail.Send")));
        MICROSOFT.stubFor(post(urlPathEqualTo("/v1.0/me/sendMail")).withHeader("Authorization", equalTo("Bearer " + second))
                .willReturn(aResponse().withStatus(202)));
        Response back = call("GET", "/api/v1/oauth/outlook/callback?code=" + encode(code) + "&state=" + consent.get("state")
                + "&session_state=abc", null, null);
        assertThat(query(back.header("Location"))).containsEntry("status", "connected");

        Response sent = call("POST", "/api/v1/connectors/outlook/actions/send_email", t.apiKey(), Map.of("input", Map.of(
                "to", "ada@example.com", "subject", "Lunch?", "html", "<b>12:30</b>")));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().at("/output/accepted").asBoolean()).isTrue();
        JsonNode graph = JSON.readTree(MICROSOFT.findAll(postRequestedFor(urlPathEqualTo("/v1.0/me/sendMail"))
                .withHeader("Authorization", equalTo("Bearer " + second))).get(0).getBodyAsString());
        assertThat(graph.at("/message/subject").asText()).isEqualTo("Lunch?");
        assertThat(graph.at("/message/body/contentType").asText()).isEqualTo("HTML");
        assertThat(graph.at("/message/body/content").asText()).isEqualTo("<b>12:30</b>");
        assertThat(graph.at("/message/toRecipients/0/emailAddress/address").asText()).isEqualTo("ada@example.com");
        assertThat(graph.at("/message/ccRecipients").size()).isZero();
        assertThat(graph.at("/saveToSentItems").asBoolean()).isTrue();
        Map<String, String> refreshed = form(MICROSOFT.findAll(postRequestedFor(urlPathEqualTo("/common/oauth2/v2.0/token"))
                .withRequestBody(containing("refresh_token=" + encode(refresh)))).get(0));
        assertThat(refreshed).containsEntry("scope", "offline_access https://graph.microsoft.com/Mail.Send")
                .containsEntry("client_secret", MICROSOFT_SECRET);

        // Microsoft rotated the refresh token: a forced refresh uses the new one.
        String third = "eyJ0.third-" + UUID.randomUUID();
        MICROSOFT.stubFor(post(urlPathEqualTo("/common/oauth2/v2.0/token")).withRequestBody(containing("refresh_token=" + encode(rotated)))
                .willReturn(tokens(third, null, 3599, "Mail.Send")));
        Response forced = call("POST", "/api/v1/oauth/outlook/refresh", t.apiKey(), null);
        assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
        assertThat(forced.json().get("status").asText()).isEqualTo("connected");
        MICROSOFT.verify(1, postRequestedFor(urlPathEqualTo("/common/oauth2/v2.0/token"))
                .withRequestBody(containing("refresh_token=" + encode(rotated))));
    }

    @Test
    void outlookRefusesAnAddressGraphWouldNotTake() {
        Tenant t = newWorkspace("pro");
        Response sent = call("POST", "/api/v1/connectors/outlook/actions/send_email", t.apiKey(), Map.of("input", Map.of(
                "to", List.of(), "subject", "x", "text", "y")));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(400);
    }

    // --- helpers ---

    private String connectGmail(Tenant t, String name, int expiresIn) {
        return connectGmail(t, name, expiresIn, "1//refresh-" + UUID.randomUUID());
    }

    /** The whole flow: authorize, Google's token answer, the callback. Answers the access token. */
    private String connectGmail(Tenant t, String name, int expiresIn, String refresh) {
        Map<String, String> consent = query(call("GET", "/api/v1/oauth/gmail/authorize?name=" + name, t.apiKey(), null).json()
                .get("authorizationUrl").asText());
        String code = "4/code-" + UUID.randomUUID();
        String access = "ya29.access-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("code=" + encode(code)))
                .willReturn(tokens(access, refresh, expiresIn, "https://www.googleapis.com/auth/gmail.send")));
        Response back = call("GET", "/api/v1/oauth/gmail/callback?state=" + consent.get("state") + "&code=" + encode(code), null, null);
        assertThat(query(back.header("Location"))).as(back.toString()).containsEntry("status", "connected");
        return access;
    }

    private Response sendGmail(Tenant t) {
        return call("POST", "/api/v1/connectors/gmail/actions/send_email", t.apiKey(),
                Map.of("input", Map.of("to", "ada@example.com", "subject", "hi", "text", "hello")));
    }

    private static void stubGmailSend(String token) {
        GOOGLE.stubFor(post(urlPathEqualTo("/gmail/v1/users/me/messages/send")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"m1\", \"threadId\": \"m1\", \"labelIds\": [\"SENT\"]}")));
    }

    private JsonNode connection(Tenant t, String id) {
        for (JsonNode c : call("GET", "/api/v1/connections", t.apiKey(), null).json()) {
            if (c.get("connectionId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no connection " + id);
    }

    /** A token endpoint's 200 (RFC 6749 §5.1, as Google and Microsoft answer it). */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokens(String access, String refresh, int expiresIn,
            String scope) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access);
        body.put("expires_in", expiresIn);
        body.put("token_type", "Bearer");
        if (refresh != null) {
            body.put("refresh_token", refresh);
        }
        if (scope != null) {
            body.put("scope", scope);
        }
        try {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static Map<String, String> form(LoggedRequest request) {
        return query("http://x/?" + request.getBodyAsString());
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
