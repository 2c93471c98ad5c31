package io.automators.connectors.marketplace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The marketplace page's OAuth connect, end to end in a real headless Chromium: Gmail connected with
 * the runtime's built-in OAuth client (authorization code + PKCE) while Nango is not configured, so
 * the page falls back from Nango's connect session to the runtime's consent URL. WireMock plays
 * Google's authorization server in the shapes Google documents (src/test/resources/stubs/google): its
 * consent page answers at once with a 302 to the runtime's callback carrying a code and the same
 * state, and its token endpoint exchanges the code. The callback sends the browser back to the page
 * ({@code automators.oauth.redirect-url}), which shows Gmail connected.
 */
@DirtiesContext
class MarketplaceOAuthConnectTest extends MarketplaceBrowserSupport {

    static final WireMockServer GOOGLE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String CLIENT_ID = "gmail-client.apps.googleusercontent.com";
    static final String CLIENT_SECRET = "google-client-secret-" + UUID.randomUUID();
    static final String SCOPE = "https://www.googleapis.com/auth/gmail.send";
    static final String CONSENT = "/o/oauth2/v2/auth";
    static final String TOKEN = "/token";

    @DynamicPropertySource
    static void google(DynamicPropertyRegistry registry) {
        GOOGLE.start();
        registry.add("automators.connectors.gmail.oauth.client-id", () -> CLIENT_ID);
        registry.add("automators.connectors.gmail.oauth.client-secret", () -> CLIENT_SECRET);
        registry.add("automators.connectors.gmail.oauth.authorization-url", () -> GOOGLE.baseUrl() + CONSENT);
        registry.add("automators.connectors.gmail.oauth.token-url", () -> GOOGLE.baseUrl() + TOKEN);
        // The browser's origin is the page's (its key is in that origin's sessionStorage): the callback
        // and the page are reached on 127.0.0.1 and the random port, resolved when they are read.
        registry.add("automators.public-url", () -> "http://127.0.0.1:${local.server.port}");
        registry.add("automators.oauth.redirect-url", () -> "http://127.0.0.1:${local.server.port}/marketplace");
    }

    @AfterAll
    static void stop() {
        GOOGLE.stop();
    }

    @Test
    void connectsGmailThroughTheBuiltInOAuthClientFromThePage() throws Exception {
        Tenant t = newWorkspace("pro");
        String callback = "http://127.0.0.1:" + port + "/api/v1/oauth/gmail/callback";
        String code = "4/0code-" + UUID.randomUUID();
        String access = "ya29.access-" + UUID.randomUUID();
        String refresh = "1//refresh-" + UUID.randomUUID();

        // Nango is not configured here: the page's first way answers a problem, and it falls back.
        Response nango = call("POST", "/api/v1/nango/connect-sessions", t.apiKey(), Map.of("connector", "gmail"));
        assertThat(nango.status()).as(nango.toString()).isEqualTo(400);
        assertThat(nango.json().get("detail").asText()).contains("no Nango configured");

        // Google's consent page, for a user who consents at once: back to the registered redirect URI
        // with a code and the state it was given (and the granted scope, as Google adds it).
        GOOGLE.stubFor(get(urlPathEqualTo(CONSENT))
                .withQueryParam("response_type", equalTo("code"))
                .withQueryParam("client_id", equalTo(CLIENT_ID))
                .withQueryParam("redirect_uri", equalTo(callback))
                .withQueryParam("scope", equalTo(SCOPE))
                .withQueryParam("state", matching(".+"))
                .withQueryParam("code_challenge", matching("[A-Za-z0-9_-]{43}"))
                .withQueryParam("code_challenge_method", equalTo("S256"))
                .withQueryParam("access_type", equalTo("offline"))
                .withQueryParam("prompt", equalTo("consent"))
                .willReturn(aResponse().withStatus(302).withTransformers("response-template")
                        .withHeader("Location", "{{{request.query.redirect_uri}}}?state={{{urlEncode request.query.state}}}"
                                + "&code=" + encode(code) + "&scope=" + encode(SCOPE))));
        // Google's token endpoint: the code, exchanged once, for tokens.
        GOOGLE.stubFor(post(urlPathEqualTo(TOKEN))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + encode(code)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(JSON.writeValueAsString(Map.of("access_token", access, "expires_in", 3599,
                                "refresh_token", refresh, "scope", SCOPE, "token_type", "Bearer")))));

        browser(1280, 900);
        open();
        signIn(t.apiKey());
        assertThat(status("gmail")).isEqualTo("not-connected");
        driver.findElement(By.id("card-gmail")).click();
        waitVisible("detail");
        wait.until(d -> text("detail-title").equals("Gmail"));
        assertThat(text("detail-status")).isEqualTo("Not connected");
        assertThat(text("connect-hint")).isEqualTo("Connects through Nango, or else the runtime's own OAuth client;"
                + " or bring your own key.");
        assertThat(text("connect")).isEqualTo("Connect with OAuth");
        screenshot("gmail-detail");

        // Connect: Nango's problem, the runtime's consent URL, Google (302), the callback (302), the page.
        driver.findElement(By.id("connect")).click();
        wait.until(d -> GOOGLE.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).size() == 1);
        wait.until(d -> pageUrl().equals(driver.getCurrentUrl()) && "connected".equals(status("gmail")));
        waitVisible("detail");
        wait.until(d -> text("detail-title").equals("Gmail") && text("detail-status").equals("Connected"));
        wait.until(d -> text("notice").equals("Gmail is connected."));
        assertThat(text("connections")).contains("default (default)", "Connected");
        assertThat(text("connect")).isEqualTo("Add a connection with OAuth");
        // Nothing alarming on the page: Nango's absence is not shown once the built-in client took over.
        assertThat(text("alert")).isEmpty();
        // The key stayed in the tab's sessionStorage through the round trip; the outcome left the address.
        assertThat(js("return sessionStorage.getItem(arguments[0])", KEY_STORAGE)).isEqualTo(t.apiKey());
        assertThat(driver.getCurrentUrl()).doesNotContain("status=", "code", t.apiKey());
        for (String secret : List.of(access, refresh, code, CLIENT_SECRET)) {
            assertThat(driver.getPageSource()).doesNotContain(secret);
        }
        screenshot("gmail-connected");

        // The browser logged Nango's 400 (the page's first way), nothing the CSP refused, no script error.
        List<String> console = console();
        assertThat(console).anyMatch(m -> m.contains("/api/v1/nango/connect-sessions") && m.contains("400"));
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught")
                || m.contains("Error:"));

        // The runtime stored a built-in OAuth connection to Gmail for the workspace.
        JsonNode connections = call("GET", "/api/v1/connections", t.apiKey(), null).json();
        assertThat(connections).hasSize(1);
        JsonNode connection = connections.get(0);
        assertThat(connection.get("connectorId").asText()).isEqualTo("gmail");
        assertThat(connection.get("kind").asText()).isEqualTo("oauth");
        assertThat(connection.get("status").asText()).isEqualTo("connected");
        assertThat(connection.get("name").asText()).isEqualTo("default");
        assertThat(connections.toString()).doesNotContain(access, refresh);

        // The browser went through Google's consent once, with a PKCE challenge ...
        List<LoggedRequest> consents = GOOGLE.findAll(getRequestedFor(urlPathEqualTo(CONSENT)));
        assertThat(consents).hasSize(1);
        Map<String, String> consent = query(consents.get(0).getUrl());
        // ... and the runtime exchanged the code with the verifier of that challenge, its redirect URI
        // and its client.
        List<LoggedRequest> exchanges = GOOGLE.findAll(postRequestedFor(urlPathEqualTo(TOKEN)));
        assertThat(exchanges).hasSize(1);
        Map<String, String> exchange = query("?" + exchanges.get(0).getBodyAsString());
        assertThat(exchange).containsEntry("grant_type", "authorization_code").containsEntry("code", code)
                .containsEntry("redirect_uri", callback).containsEntry("client_id", CLIENT_ID)
                .containsEntry("client_secret", CLIENT_SECRET).containsKey("code_verifier");
        assertThat(exchange.get("code_verifier")).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(s256(exchange.get("code_verifier"))).isEqualTo(consent.get("code_challenge"));
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))), without padding. */
    private static String s256(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static Map<String, String> query(String url) {
        String query = URI.create(url.replace(" ", "%20")).getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
