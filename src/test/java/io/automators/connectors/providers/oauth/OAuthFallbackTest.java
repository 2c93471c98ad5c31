package io.automators.connectors.providers.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.automators.connectors.providers.oauth.BuiltinOAuthTest.encode;
import static io.automators.connectors.providers.oauth.BuiltinOAuthTest.query;
import static io.automators.connectors.providers.oauth.BuiltinOAuthTest.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Gmail and Outlook with Nango configured: an end user connects through the plan's authorize and
 * callback and the workspace calls them with Nango's token; when Nango fails, its breaker opens and
 * Gmail calls go to the built-in OAuth connection (the decision says why), and back once Nango recovers.
 * Nango (stubs/nango), Google and Microsoft (stubs/google, stubs/microsoft) are WireMock stubs.
 */
@DirtiesContext
class OAuthFallbackTest extends ApiTestSupport {

    static final WireMockServer NANGO = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final WireMockServer GOOGLE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final WireMockServer MICROSOFT = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String SECRET = "nango-secret-" + UUID.randomUUID();

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        NANGO.start();
        GOOGLE.start();
        MICROSOFT.start();
        registry.add("automators.providers.nango.base-url", NANGO::baseUrl);
        registry.add("automators.providers.nango.secret-key", () -> SECRET);
        registry.add("automators.providers.circuit-breaker.minimum-calls", () -> "2");
        registry.add("automators.providers.circuit-breaker.open-seconds", () -> "1");
        registry.add("automators.connectors.gmail.oauth.client-id", () -> "gmail-client.apps.googleusercontent.com");
        registry.add("automators.connectors.gmail.oauth.client-secret", () -> "google-secret-" + UUID.randomUUID());
        registry.add("automators.connectors.gmail.oauth.token-url", () -> GOOGLE.baseUrl() + "/token");
        registry.add("automators.connectors.gmail.base-url", GOOGLE::baseUrl);
        registry.add("automators.connectors.outlook.base-url", MICROSOFT::baseUrl);
        registry.add("automators.connectors.jira.oauth-base-url", () -> MICROSOFT.baseUrl() + "/ex/jira/{cloudId}");
    }

    @AfterAll
    static void stop() {
        NANGO.stop();
        GOOGLE.stop();
        MICROSOFT.stop();
    }

    @Test
    void anEndUserConnectsGmailThroughNangosAuthorizeAndCallbackAndTheWorkspaceCallsIt() throws Exception {
        Tenant t = newWorkspace("pro");
        NANGO.stubFor(post(urlPathEqualTo("/connect/sessions")).withHeader("Authorization", equalTo("Bearer " + SECRET))
                .withRequestBody(matchingJsonPath("$.allowed_integrations[0]", equalTo("google-mail")))
                .withRequestBody(matchingJsonPath("$.tags.workspace_id", equalTo(t.workspaceId())))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"data": {"token": "nango_connect_session_abc", "connect_link": "https://connect.nango.dev?session_token=abc",
                                  "expires_at": "2026-11-25T14:00:00.000Z"}}""")));
        Response authorize = call("GET", "/api/v1/nango/oauth/gmail/authorize?userId=u-42", t.apiKey(), null);
        assertThat(authorize.status()).as(authorize.toString()).isEqualTo(200);
        assertThat(authorize.json().get("token").asText()).isEqualTo("nango_connect_session_abc");
        String callbackUrl = authorize.json().get("callbackUrl").asText();
        assertThat(callbackUrl).contains("/api/v1/nango/oauth/gmail/callback?state=");

        String nangoId = UUID.randomUUID().toString();
        String token = "ya29.nango-" + UUID.randomUUID();
        nangoHas(nangoId, "google-mail", token, t.workspaceId());
        String path = URI(callbackUrl);
        Response back = call("GET", path + "&connection_id=" + nangoId, null, null);

        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().at("/connection/kind").asText()).isEqualTo("nango");
        assertThat(back.json().at("/connection/nangoConnectionId").asText()).isEqualTo(nangoId);
        Response replayed = call("GET", path + "&connection_id=" + nangoId, null, null);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.contentType()).contains("application/problem+json");

        stubGmailSend(token);
        Response sent = sendGmail(t);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("provider").asText()).isEqualTo("nango");
    }

    @Test
    void aNangoConnectionMadeForAnotherWorkspaceIsRefused() {
        Tenant t = newWorkspace("pro");
        Tenant other = newWorkspace("pro");
        NANGO.stubFor(post(urlPathEqualTo("/connect/sessions")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\": {\"token\": \"t\", \"connect_link\": \"https://connect.nango.dev\", \"expires_at\": \"2026-11-25T14:00:00Z\"}}")));
        String callbackUrl = call("GET", "/api/v1/nango/oauth/gmail/authorize", t.apiKey(), null).json().get("callbackUrl").asText();
        String nangoId = UUID.randomUUID().toString();
        nangoHas(nangoId, "google-mail", "ya29.theirs-" + UUID.randomUUID(), other.workspaceId());

        Response back = call("GET", URI(callbackUrl) + "&connection_id=" + nangoId, null, null);
        assertThat(back.status()).as(back.toString()).isEqualTo(403);
        Response attached = call("POST", "/api/v1/connectors/gmail/connect", t.apiKey(), Map.of("nangoConnectionId", nangoId));
        assertThat(attached.status()).as(attached.toString()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    @Test
    void outlookConnectedThroughNangoSendsThroughGraph() throws Exception {
        Tenant t = newWorkspace("pro");
        String nangoId = UUID.randomUUID().toString();
        String token = "eyJ0.nango-" + UUID.randomUUID();
        nangoHas(nangoId, "outlook", token, t.workspaceId());
        assertThat(call("POST", "/api/v1/connectors/outlook/connect", t.apiKey(), Map.of("nangoConnectionId", nangoId)).status())
                .isEqualTo(201);
        MICROSOFT.stubFor(post(urlPathEqualTo("/v1.0/me/sendMail")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(202)));

        Response sent = call("POST", "/api/v1/connectors/outlook/actions/send_email", t.apiKey(), Map.of("input", Map.of(
                "to", java.util.List.of("ada@example.com", "bob@example.com"), "cc", "carol@example.com",
                "subject", "Q4", "text", "See you.")));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("provider").asText()).isEqualTo("nango");
        JsonNode graph = JSON.readTree(MICROSOFT.findAll(postRequestedFor(urlPathEqualTo("/v1.0/me/sendMail"))
                .withHeader("Authorization", equalTo("Bearer " + token))).get(0).getBodyAsString());
        assertThat(graph.at("/message/body/contentType").asText()).isEqualTo("Text");
        assertThat(graph.at("/message/toRecipients/1/emailAddress/address").asText()).isEqualTo("bob@example.com");
        assertThat(graph.at("/message/ccRecipients/0/emailAddress/address").asText()).isEqualTo("carol@example.com");
    }

    @Test
    void salesforceThroughNangoCallsTheInstanceItsConnectionConfigNames() {
        Tenant t = newWorkspace("pro");
        String nangoId = UUID.randomUUID().toString();
        String token = "00D-nango-" + UUID.randomUUID();
        // Nango's connection of a Salesforce org: its instance in connection_config (the stub stands for it).
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("provider_config_key", equalTo("salesforce"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"connection_id": "%s", "provider_config_key": "salesforce", "tags": {"workspace_id": "%s"},
                         "connection_config": {"instance_url": "%s"},
                         "credentials": {"type": "OAUTH2", "access_token": "%s", "expires_at": "%s"}}"""
                        .formatted(nangoId, t.workspaceId(), MICROSOFT.baseUrl(), token, Instant.now().plus(Duration.ofHours(1))))));
        assertThat(call("POST", "/api/v1/connectors/salesforce/connect", t.apiKey(), Map.of("nangoConnectionId", nangoId))
                .status()).isEqualTo(201);
        MICROSOFT.stubFor(get(urlPathEqualTo("/services/data/v62.0/query")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalSize\": 0, \"done\": true, \"records\": []}")));

        Response r = call("POST", "/api/v1/connectors/salesforce/actions/query", t.apiKey(),
                Map.of("input", Map.of("soql", "SELECT Id FROM Account")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("provider").asText()).isEqualTo("nango");
        assertThat(r.json().at("/output/done").asBoolean()).isTrue();
    }

    @Test
    void jiraThroughNangoCallsAtlassiansApiForTheConnectionsCloudIdWithABearerToken() {
        Tenant t = newWorkspace("pro");
        String nangoId = UUID.randomUUID().toString();
        String token = "eyJraWQiOi-jira-" + UUID.randomUUID();
        String cloudId = "11223344-a1b2-3b33-c444-def123456789";
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("provider_config_key", equalTo("jira"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"connection_id": "%s", "provider_config_key": "jira", "tags": {"workspace_id": "%s"},
                         "connection_config": {"cloudId": "%s", "baseUrl": "https://acme.atlassian.net"},
                         "credentials": {"type": "OAUTH2", "access_token": "%s", "expires_at": "%s"}}"""
                        .formatted(nangoId, t.workspaceId(), cloudId, token, Instant.now().plus(Duration.ofHours(1))))));
        assertThat(call("POST", "/api/v1/connectors/jira/connect", t.apiKey(), Map.of("nangoConnectionId", nangoId))
                .status()).isEqualTo(201);
        MICROSOFT.stubFor(get(urlPathEqualTo("/ex/jira/" + cloudId + "/rest/api/3/search/jql"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"issues\": [], \"isLast\": true}")));

        Response r = call("POST", "/api/v1/connectors/jira/actions/get_issues", t.apiKey(),
                Map.of("input", Map.of("jql", "project = OPS")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("provider").asText()).isEqualTo("nango");
        assertThat(r.json().at("/output/is_last").asBoolean()).isTrue();
    }

    @Test
    void whenNangosBreakerOpensGmailCallsGoToTheBuiltInOAuthAndBackWhenNangoRecovers() {
        Tenant t = newWorkspace("pro");
        String nangoId = UUID.randomUUID().toString();
        String nangoToken = "ya29.nango-" + UUID.randomUUID();
        nangoHas(nangoId, "google-mail", nangoToken, t.workspaceId());
        assertThat(call("POST", "/api/v1/connectors/gmail/connect", t.apiKey(), Map.of("name", "nango", "nangoConnectionId", nangoId))
                .status()).isEqualTo(201);
        String builtinToken = connectBuiltin(t, "fallback");
        stubGmailSend(nangoToken);
        stubGmailSend(builtinToken);
        assertThat(sendGmail(t).json().get("provider").asText()).isEqualTo("nango");

        // Nango fails: forced refreshes fail until its breaker opens.
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 10 && !"builtin-oauth".equals(decide(t).get("provider").asText()); i++) {
            assertThat(call("POST", "/api/v1/nango/oauth/gmail/refresh", t.apiKey(), null).status()).isEqualTo(503);
        }
        JsonNode decision = decide(t);
        assertThat(decision.get("provider").asText()).isEqualTo("builtin-oauth");
        assertThat(decision.get("reason").asText()).contains("circuit breaker is open");
        Response fallback = sendGmail(t);
        assertThat(fallback.status()).as(fallback.toString()).isEqualTo(200);
        assertThat(fallback.json().get("provider").asText()).isEqualTo("builtin-oauth");
        GOOGLE.verify(1, postRequestedFor(urlPathEqualTo("/gmail/v1/users/me/messages/send"))
                .withHeader("Authorization", equalTo("Bearer " + builtinToken)));

        // Nango answers again; once the breaker's wait is over, calls go back to it.
        nangoHas(nangoId, "google-mail", nangoToken, t.workspaceId());
        await().atMost(Duration.ofSeconds(15)).until(() -> "nango".equals(decide(t).get("provider").asText()));
        Response back = sendGmail(t);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("provider").asText()).isEqualTo("nango");
    }

    private String connectBuiltin(Tenant t, String name) {
        Map<String, String> consent = query(call("GET", "/api/v1/oauth/gmail/authorize?name=" + name, t.apiKey(), null).json()
                .get("authorizationUrl").asText());
        String code = "4/code-" + UUID.randomUUID();
        String access = "ya29.builtin-" + UUID.randomUUID();
        GOOGLE.stubFor(post(urlPathEqualTo("/token")).withRequestBody(containing("code=" + encode(code)))
                .willReturn(tokens(access, "1//r-" + UUID.randomUUID(), 3599, null)));
        Response back = call("GET", "/api/v1/oauth/gmail/callback?state=" + consent.get("state") + "&code=" + encode(code), null, null);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        return access;
    }

    /** Nango's GET /connections/{id}: a connection tagged by the runtime's connect session. */
    private static void nangoHas(String nangoId, String integration, String token, String workspaceId) {
        NANGO.stubFor(get(urlPathEqualTo("/connections/" + nangoId)).withQueryParam("provider_config_key", equalTo(integration))
                .withHeader("Authorization", equalTo("Bearer " + SECRET))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"id": 7, "connection_id": "%s", "provider_config_key": "%s", "provider": "%s",
                         "tags": {"workspace_id": "%s"},
                         "credentials": {"type": "OAUTH2", "access_token": "%s", "expires_at": "%s"}}"""
                        .formatted(nangoId, integration, integration, workspaceId, token, Instant.now().plus(Duration.ofHours(1))))));
    }

    private static void stubGmailSend(String token) {
        GOOGLE.stubFor(post(urlPathEqualTo("/gmail/v1/users/me/messages/send")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"m1\", \"threadId\": \"m1\", \"labelIds\": [\"SENT\"]}")));
    }

    private JsonNode decide(Tenant t) {
        return call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "gmail", "action", "send_email")).json();
    }

    private Response sendGmail(Tenant t) {
        return call("POST", "/api/v1/connectors/gmail/actions/send_email", t.apiKey(),
                Map.of("input", Map.of("to", "ada@example.com", "subject", "hi", "text", "hello")));
    }

    /** The path and query of an absolute URL the runtime answered. */
    private static String URI(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
