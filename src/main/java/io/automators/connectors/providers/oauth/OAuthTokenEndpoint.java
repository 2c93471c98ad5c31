package io.automators.connectors.providers.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.outbound.OutboundHttp;
import io.automators.connectors.routing.BackendHealth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A vendor's OAuth 2.0 token endpoint (RFC 6749 §4.1.3 and §6, form-encoded, the client's id and
 * secret in the body as Google and Microsoft document): an authorization code with its PKCE verifier
 * becomes tokens, a refresh token becomes a new access token. Calls go through the connector's
 * circuit breaker ({@code builtin-oauth:<connector>}). No token, code or secret is ever part of a
 * message or a log line.
 */
@Component
public class OAuthTokenEndpoint {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OAuthClients clients;
    private final BackendHealth health;
    private final ObjectMapper mapper;
    private final OutboundHttp http;

    public OAuthTokenEndpoint(OAuthClients clients, BackendHealth health, ObjectMapper mapper, OutboundHttp http) {
        this.http = http;
        this.clients = clients;
        this.health = health;
        this.mapper = mapper;
    }

    /** Tokens for the code the vendor's consent screen sent back to the callback. */
    public Tokens exchangeCode(CatalogEntry connector, String code, String codeVerifier) {
        OAuthClients.Client client = clients.require(connector);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", client.redirectUri());
        form.put("code_verifier", codeVerifier);
        return post(connector, client, form, null);
    }

    /** A new access token (and, where the vendor rotates them, a new refresh token). */
    public Tokens refresh(CatalogEntry connector, String refreshToken) {
        OAuthClients.Client client = clients.require(connector);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (connector.manifest().auth().builtinOAuth().refreshWithScope()) {
            form.put("scope", String.join(" ", connector.manifest().auth().builtinOAuth().scopesOrNone()));
        }
        return post(connector, client, form, refreshToken);
    }

    private Tokens post(CatalogEntry connector, OAuthClients.Client client, Map<String, String> form, String refreshToken) {
        form.put("client_id", client.clientId());
        form.put("client_secret", client.clientSecret());
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.tokenUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String vendor = connector.manifest().name() + "'s token endpoint";
        return health.call("builtin-oauth:" + connector.id(), () -> read(send(request, vendor), vendor, refreshToken));
    }

    private Tokens read(HttpResponse<String> response, String vendor, String refreshToken) {
        JsonNode answer;
        try {
            answer = mapper.readTree(response.body());
        } catch (IOException e) {
            answer = mapper.createObjectNode();
        }
        int status = response.statusCode();
        if (status == 400 || status == 401) {
            // RFC 6749 §5.2: invalid_grant (code used or expired, refresh token revoked) is the end user's to
            // mend by connecting again; invalid_client is the deployer's client id or secret.
            String error = answer.path("error").asText("");
            if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
                throw CallFailure.unavailable(vendor + " refused the runtime's OAuth client (" + error
                        + "): check its client id and secret", null);
            }
            throw new GrantRefused(vendor + " refused the grant (" + (error.isEmpty() ? "HTTP " + status : error) + ")");
        }
        if (status == 429) {
            throw CallFailure.rateLimited(vendor + " is rate-limiting token requests",
                    response.headers().firstValue("Retry-After").orElse(null), Map.of(), null);
        }
        if (status >= 300) {
            throw CallFailure.unavailable(vendor + " answered HTTP " + status, null);
        }
        String accessToken = answer.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw CallFailure.vendorFailed(vendor + " answered without an access_token", null);
        }
        long expiresIn = answer.path("expires_in").asLong(0);
        String newRefresh = answer.path("refresh_token").asText(null);
        // Google keeps the refresh token on refresh; Microsoft rotates it: keep the one that is current.
        return new Tokens(accessToken, newRefresh != null && !newRefresh.isBlank() ? newRefresh : refreshToken,
                expiresIn > 0 ? Instant.now().plusSeconds(expiresIn) : null, answer.path("scope").asText(null));
    }

    private HttpResponse<String> send(HttpRequest request, String vendor) {
        try {
            return http.send(request);
        } catch (HttpTimeoutException e) {
            throw CallFailure.timeout(vendor + " did not answer in time", null);
        } catch (IOException e) {
            throw CallFailure.unavailable(vendor + " refused the connection or is unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CallFailure.unavailable("interrupted while waiting for " + vendor, null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** What the token endpoint gave: never printed whole. */
    public record Tokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {

        /** As stored (sealed) in an oauth connection's credentials. */
        public Map<String, String> asCredentials() {
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put("accessToken", accessToken);
            if (refreshToken != null) {
                stored.put("refreshToken", refreshToken);
            }
            if (expiresAt != null) {
                stored.put("expiresAt", Long.toString(expiresAt.getEpochSecond()));
            }
            if (scope != null) {
                stored.put("scope", scope);
            }
            return stored;
        }

        @Override
        public String toString() {
            return "Tokens[accessToken=***, refreshToken=" + (refreshToken == null ? "none" : "***")
                    + ", expiresAt=" + expiresAt + ", scope=" + scope + "]";
        }
    }

    /** The vendor refused the code or the refresh token: the end user must connect again. */
    public static final class GrantRefused extends RuntimeException {
        public GrantRefused(String message) {
            super(message, null, false, false);
        }
    }
}
