package io.automators.connectors.providers.oauth;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.ConnectStates;
import io.automators.connectors.security.Workspace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The authorization-code flow with PKCE (RFC 7636, S256) of a connector's built-in OAuth: the
 * workspace asks for the vendor's consent URL, its end user consents there, the vendor sends the
 * browser back to the callback with a code, and the code becomes tokens stored (sealed) as the
 * workspace's {@code oauth} connection.
 */
@Component
public class BuiltinOAuthFlow {

    private final OAuthClients clients;
    private final OAuthTokenEndpoint endpoint;
    private final OAuthTokens tokens;
    private final ConnectStates states;
    private final Connections connections;
    private final SecureRandom random = new SecureRandom();

    public BuiltinOAuthFlow(OAuthClients clients, OAuthTokenEndpoint endpoint, OAuthTokens tokens, ConnectStates states,
            Connections connections) {
        this.clients = clients;
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.states = states;
        this.connections = connections;
    }

    /** The vendor's consent URL for the workspace's end user, with a sealed state and a PKCE challenge. */
    public Authorization authorize(Workspace workspace, CatalogEntry connector, String name, String userId) {
        OAuthClients.Client client = clients.require(connector);
        ConnectorManifest.BuiltinOAuth oauth = connector.manifest().auth().builtinOAuth();
        String verifier = verifier();
        String state = states.seal(workspace.id(), connector.id(), name, userId, verifier);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", client.clientId());
        query.put("redirect_uri", client.redirectUri());
        query.put("scope", String.join(" ", oauth.scopesOrNone()));
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        oauth.authorizationParamsOrNone().forEach(query::putIfAbsent);
        String url = client.authorizationUrl() + (client.authorizationUrl().contains("?") ? "&" : "?")
                + query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return new Authorization(connector.id(), name, url, client.redirectUri());
    }

    /**
     * The vendor's redirect: the state opened (forged, expired, replayed → 400), the code exchanged
     * for tokens, the connection recorded. A refused consent or code is a 400 naming the vendor's error.
     */
    public Connection callback(CatalogEntry connector, String code, String state, String error, String errorDescription) {
        ConnectStates.State opened = states.open(state, connector.id());
        if (error != null && !error.isBlank()) {
            throw CallFailure.invalidInput(connector.manifest().name() + " did not authorize the connection: " + error
                    + (errorDescription == null ? "" : " (" + errorDescription + ")"));
        }
        if (code == null || code.isBlank()) {
            throw CallFailure.invalidInputAt("/code", "the callback carries no authorization code");
        }
        OAuthTokenEndpoint.Tokens issued;
        try {
            issued = endpoint.exchangeCode(connector, code, opened.codeVerifier());
        } catch (OAuthTokenEndpoint.GrantRefused e) {
            throw CallFailure.invalidInput(e.getMessage() + "; start the connection again");
        }
        Connection saved = connections.saveOAuth(opened.workspaceId(), connector.id(), opened.name(), issued.asCredentials());
        tokens.forget(saved.id());
        return saved;
    }

    private String verifier() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Where to send the end user, and the callback the vendor must know. */
    public record Authorization(String connector, String name, String authorizationUrl, String redirectUri) {}
}
