package io.automators.connectors.providers;

import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.nango.NangoClient;
import io.automators.connectors.providers.nango.NangoTokens;
import io.automators.connectors.providers.oauth.OAuthTokenEndpoint;
import io.automators.connectors.providers.oauth.OAuthTokens;
import io.automators.connectors.quotas.SharedKeyQuota;
import io.automators.connectors.routing.BackendAvailability;
import io.automators.connectors.routing.RoutingRequest;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The provider step of the credential backends: puts the call's credentials on the exchange as the
 * property {@link ExchangeNames#CREDENTIALS} (never a header, so no producer sends or logs them by accident).
 */
@Component("providerCredentials")
public class ProviderCredentials {

    private final Connections connections;
    private final BackendAvailability backends;
    private final NangoTokens nangoTokens;
    private final OAuthTokens oauthTokens;
    private final SharedKeyQuota sharedKeyQuota;

    public ProviderCredentials(Connections connections, BackendAvailability backends, NangoTokens nangoTokens,
            OAuthTokens oauthTokens, SharedKeyQuota sharedKeyQuota) {
        this.connections = connections;
        this.backends = backends;
        this.nangoTokens = nangoTokens;
        this.oauthTokens = oauthTokens;
        this.sharedKeyQuota = sharedKeyQuota;
    }

    /**
     * Rule 1: the access token of the workspace's Nango connection, as the credentials' {@code apiKey}
     * (the field an OAuth connector's route reads its bearer token from, as with a stored token). A
     * connection Nango cannot give a token for is marked needs_reconnect and the call says so.
     */
    public void useNangoToken(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Connection connection = request.connection().filter(Connection::isNango)
                .orElseThrow(() -> CallFailure.conflict("connect " + request.connector().id() + " through Nango first"
                        + " (a connection with a nangoConnectionId)"));
        String integration = request.connector().manifest().auth().nango();
        NangoClient.NangoToken token = tokenOrReconnect(request, connection,
                () -> nangoTokens.accessToken(request.workspace().id(), connection.id(), connection.nangoConnectionId(),
                        integration));
        exchange.setProperty(ExchangeNames.CREDENTIALS, nangoCredentials(request, token));
        exchange.setProperty(ExchangeNames.CONNECTION_ID, connection.id().toString());
        exchange.setProperty(ExchangeNames.INPUT, exchange.getMessage().getBody());
    }

    /**
     * Rule 1, after the vendor answered 401 to the token: one forced refresh at Nango, then the call
     * runs once more (the route's doCatch; never a loop). A refresh Nango cannot make marks the
     * connection needs_reconnect.
     */
    public void refreshNangoToken(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Connection connection = request.connection().filter(Connection::isNango).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, String> refused = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        NangoClient.NangoToken token = tokenOrReconnect(request, connection, () -> nangoTokens.refreshedToken(request.workspace().id(), connection.id(),
                connection.nangoConnectionId(), request.connector().manifest().auth().nango(),
                refused == null ? null : refused.get("apiKey")));
        exchange.setProperty(ExchangeNames.CREDENTIALS, nangoCredentials(request, token));
        readyForRetry(exchange);
    }

    /** The call runs again from the validated input, not from what the first attempt left. */
    private static void readyForRetry(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(ExchangeNames.INPUT));
        exchange.getMessage().removeHeaders("*");
        exchange.setException(null);
    }

    /**
     * Rule 1 without Nango: the access token of the workspace's built-in OAuth connection (the one the
     * call names or the default when it is one, else the workspace's first oauth connection to the
     * connector, as when Nango's breaker opened), refreshed when it is about to expire.
     */
    public void useBuiltinOAuthToken(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Connection connection = builtinOAuthConnection(request);
        String token = tokenOrReconnect(request, connection,
                () -> oauthTokens.accessToken(request.workspace().id(), connection, request.connector()));
        exchange.setProperty(ExchangeNames.CREDENTIALS, Map.of("apiKey", token));
        exchange.setProperty(ExchangeNames.CONNECTION_ID, connection.id().toString());
        exchange.setProperty(ExchangeNames.INPUT, exchange.getMessage().getBody());
    }

    /** Rule 1 without Nango, after the vendor answered 401: one refresh, then the call runs once more. */
    public void refreshBuiltinOAuthToken(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Connection connection = builtinOAuthConnection(request);
        @SuppressWarnings("unchecked")
        Map<String, String> refused = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        String token = tokenOrReconnect(request, connection, () -> oauthTokens.refreshedToken(request.workspace().id(),
                connection, request.connector(), refused == null ? null : refused.get("apiKey")));
        exchange.setProperty(ExchangeNames.CREDENTIALS, Map.of("apiKey", token));
        readyForRetry(exchange);
    }

    private Connection builtinOAuthConnection(RoutingRequest request) {
        String id = request.connector().id();
        return request.connection().filter(Connection::isOAuth)
                .or(() -> connections.list(request.workspace().id()).stream()
                        .filter(c -> c.connectorId().equals(id) && c.isOAuth()).findFirst())
                .orElseThrow(() -> CallFailure.conflict("the workspace has no built-in OAuth connection to " + id
                        + (backends.isConfigured("nango") ? " (Nango cannot take the call now)" : "")
                        + ": connect one with GET /api/v1/oauth/" + id + "/authorize"));
    }

    /** A token from Nango or the vendor; one that cannot be had marks the connection needs_reconnect and fails the call saying so. */
    /**
     * A Nango connection's credentials as the connector's route reads them: the token as {@code apiKey},
     * and the fields the manifest fills from Nango's connection_config ({@code auth.nangoConfig}).
     */
    private static Map<String, String> nangoCredentials(RoutingRequest request, NangoClient.NangoToken token) {
        Map<String, String> credentials = new java.util.LinkedHashMap<>();
        credentials.put("apiKey", token.accessToken());
        request.connector().manifest().auth().nangoConfigOrNone().forEach((field, key) -> {
            String value = token.connectionConfig() == null ? null : token.connectionConfig().get(key);
            if (value != null) {
                credentials.put(field, value);
            }
        });
        return Map.copyOf(credentials);
    }

    private <T> T tokenOrReconnect(RoutingRequest request, Connection connection, Supplier<T> token) {
        try {
            return token.get();
        } catch (NangoClient.NotConnected | OAuthTokenEndpoint.GrantRefused e) {
            connections.markStatus(request.workspace().id(), connection.id(), Connection.NEEDS_RECONNECT, e.getMessage());
            throw CallFailure.reconnectNeeded(connection.connectorId(), connection.id().toString(),
                    Connection.NEEDS_RECONNECT, e.getMessage(), connection.remedy());
        }
    }

    /** Rule 2: the workspace's own stored key or credentials. */
    public void useStoredCredentials(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Connection connection = request.connection()
                .orElseThrow(() -> CallFailure.conflict("connect " + request.connector().id() + " first"));
        exchange.setProperty(ExchangeNames.CREDENTIALS, connections.credentials(request.workspace().id(), connection.id()));
        exchange.setProperty(ExchangeNames.CONNECTION_ID, connection.id().toString());
    }

    /** Rule 3: the platform's shared key for the connector, while the workspace's plan has calls left on it today. */
    public void useSharedKey(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        String key = backends.sharedKey(request.connector().id());
        if (key == null) {
            throw CallFailure.unavailable("the shared key of " + request.connector().id() + " is gone", null);
        }
        sharedKeyQuota.spend(request.workspace().id(), request.workspace().plan());
        exchange.setProperty(ExchangeNames.CREDENTIALS, Map.of("apiKey", key));
        exchange.setProperty(ExchangeNames.CONNECTION_ID, "shared:" + request.connector().id());
    }

    /** Rule 5: a Kaoto route uses the workspace's stored credentials when it has some. */
    public void useStoredCredentialsIfAny(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        if (request.connection().map(Connection::hasStoredCredentials).orElse(false)) {
            useStoredCredentials(exchange);
        }
        exchange.setProperty(ExchangeNames.KAOTO_ROUTE, request.connector().manifest().routingOrNone().kaotoRoute());
    }
}
