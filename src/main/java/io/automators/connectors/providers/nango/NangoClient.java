package io.automators.connectors.providers.nango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.outbound.OutboundHttp;
import io.automators.connectors.routing.BackendHealth;
import io.automators.connectors.routing.BackendProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Nango's connections API (GET /connections/{connectionId}?provider_config_key=…, the secret key as
 * Bearer): the connection's current access token and when it expires. Nango refreshes an expired
 * token itself when asked. The secret key and the token never go into a message or a log line.
 */
@Component
public class NangoClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BackendProperties backends;
    private final BackendHealth health;
    private final ObjectMapper mapper;
    private final OutboundHttp http;

    public NangoClient(BackendProperties backends, BackendHealth health, ObjectMapper mapper, OutboundHttp http) {
        this.http = http;
        this.backends = backends;
        this.health = health;
        this.mapper = mapper;
    }

    /** The connection's token; a connection Nango does not know (or cannot refresh) is {@link NotConnected}. */
    public NangoToken token(String nangoConnectionId, String providerConfigKey, boolean forceRefresh) {
        return health.call("nango", () -> fetchToken(nangoConnectionId, providerConfigKey, forceRefresh));
    }

    private NangoToken fetchToken(String nangoConnectionId, String providerConfigKey, boolean forceRefresh) {
        BackendProperties.Backend nango = backends.backend("nango");
        String url = nango.getBaseUrl().replaceAll("/+$", "") + "/connections/" + encode(nangoConnectionId)
                + "?provider_config_key=" + encode(providerConfigKey) + (forceRefresh ? "&force_refresh=true" : "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + nango.getSecretKey()).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            // Our secret key, not the tenant's connection: an operator's matter.
            throw CallFailure.unavailable("Nango refused the runtime's secret key (automators.providers.nango.secret-key)", null);
        }
        if (status == 404 || status == 400 || status == 424) {
            throw new NotConnected("Nango has no usable connection " + nangoConnectionId + " for " + providerConfigKey
                    + " (HTTP " + status + ")");
        }
        if (status >= 300) {
            throw CallFailure.unavailable("Nango answered HTTP " + status, null);
        }
        try {
            JsonNode connection = mapper.readTree(response.body());
            JsonNode credentials = connection.path("credentials");
            String token = credentials.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw new NotConnected("Nango's connection " + nangoConnectionId + " holds no access token");
            }
            String expires = credentials.path("expires_at").asText(null);
            java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
            connection.path("connection_config").fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                    config.put(f.getKey(), f.getValue().asText());
                }
            });
            return new NangoToken(token, expires == null || expires.isBlank() ? null : Instant.parse(expires),
                    connection.path("tags").path(NangoSessions.WORKSPACE_TAG).asText(null), config);
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw CallFailure.vendorFailed("Nango answered a connection this runtime cannot read", null);
        }
    }

    /**
     * A connect session (POST /connect/sessions) limited to one integration, its tags copied by Nango
     * onto the connection the end user makes and into the auth webhook that reports it.
     */
    public ConnectSession createConnectSession(String integration, java.util.Map<String, String> tags) {
        return health.call("nango", () -> postConnectSession(integration, tags));
    }

    private ConnectSession postConnectSession(String integration, java.util.Map<String, String> tags) {
        BackendProperties.Backend nango = backends.backend("nango");
        String body;
        try {
            body = mapper.writeValueAsString(java.util.Map.of("tags", tags, "allowed_integrations", java.util.List.of(integration)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(nango.getBaseUrl().replaceAll("/+$", "") + "/connect/sessions"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + nango.getSecretKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() >= 300) {
            throw CallFailure.unavailable("Nango answered HTTP " + response.statusCode() + " to the connect session", null);
        }
        try {
            JsonNode data = mapper.readTree(response.body()).path("data");
            return new ConnectSession(data.path("token").asText(null), data.path("connect_link").asText(null),
                    data.path("expires_at").asText(null));
        } catch (IOException e) {
            throw CallFailure.vendorFailed("Nango answered a connect session this runtime cannot read", null);
        }
    }

    /** What an end user's front end needs to open Nango's Connect UI (the token) or a link to share. */
    public record ConnectSession(String token, String connectLink, String expiresAt) {}

    /** Deletes the connection at Nango; one Nango no longer has counts as deleted. */
    public void delete(String nangoConnectionId, String providerConfigKey) {
        health.call("nango", () -> {
            deleteAtNango(nangoConnectionId, providerConfigKey);
            return null;
        });
    }

    private void deleteAtNango(String nangoConnectionId, String providerConfigKey) {
        BackendProperties.Backend nango = backends.backend("nango");
        String url = nango.getBaseUrl().replaceAll("/+$", "") + "/connections/" + encode(nangoConnectionId)
                + "?provider_config_key=" + encode(providerConfigKey);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + nango.getSecretKey()).DELETE().build();
        int status = send(request).statusCode();
        if (status >= 300 && status != 404) {
            throw CallFailure.unavailable("Nango answered HTTP " + status + " to the deletion; nothing was disconnected", null);
        }
    }

    /** One request to Nango; what went wrong on the way is a failure of the call (never with the request's headers). */
    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request);
        } catch (HttpTimeoutException e) {
            throw CallFailure.timeout("Nango did not answer in time", null);
        } catch (IOException e) {
            throw CallFailure.unavailable("Nango refused the connection or is unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CallFailure.unavailable("interrupted while waiting for Nango", null);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * An access token and when it expires (null: Nango says nothing of it), the workspace the
     * connection was made for where its connect session tagged it (null: untagged), and the
     * connection's {@code connection_config} (its instance URL, subdomain, …; never a secret).
     */
    public record NangoToken(String accessToken, Instant expiresAt, String workspaceTag,
            java.util.Map<String, String> connectionConfig) {
        @Override
        public String toString() {
            return "NangoToken[accessToken=***, expiresAt=" + expiresAt + ", workspaceTag=" + workspaceTag + "]";
        }

        /** Whether a workspace may record this connection: untagged, or tagged with that workspace. */
        public boolean madeFor(java.util.UUID workspaceId) {
            return workspaceTag == null || workspaceTag.equals(workspaceId.toString());
        }
    }

    /** Nango cannot give a token for the connection: the workspace must connect again. */
    public static final class NotConnected extends RuntimeException {
        public NotConnected(String message) {
            super(message, null, false, false);
        }
    }
}
