package io.automators.connectors.api;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.oauth.BuiltinOAuthFlow;
import io.automators.connectors.providers.oauth.OAuthTokenEndpoint;
import io.automators.connectors.providers.oauth.OAuthTokens;
import io.automators.connectors.security.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connecting an OAuth connector with the runtime's own OAuth client (Gmail, Outlook): the consent URL
 * for the workspace's end user, the vendor's callback (no API key: the sealed state says whose flow it
 * is), and a refresh on request.
 */
@RestController
@RequestMapping(OAuthController.PATH)
public class OAuthController {

    static final String PATH = "/api/v1/oauth";

    private final ConnectorCatalog catalog;
    private final BuiltinOAuthFlow flow;
    private final OAuthTokens tokens;
    private final Connections connections;
    private final ConnectCallbacks callbacks;

    OAuthController(ConnectorCatalog catalog, BuiltinOAuthFlow flow, OAuthTokens tokens, Connections connections,
            ConnectCallbacks callbacks) {
        this.catalog = catalog;
        this.flow = flow;
        this.tokens = tokens;
        this.connections = connections;
        this.callbacks = callbacks;
    }

    /** Where to send the end user to consent; the connection is recorded when the vendor calls back. */
    @GetMapping("/{connector}/authorize")
    public Map<String, Object> authorize(@PathVariable String connector,
            @RequestParam(defaultValue = "default") String name, @RequestParam(required = false) String userId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (name.isBlank() || name.length() > 100) {
            throw CallFailure.invalidInputAt("/name", "1 to 100 characters");
        }
        BuiltinOAuthFlow.Authorization authorization = flow.authorize(workspace, catalog.require(connector), name, userId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", authorization.connector());
        answer.put("name", authorization.name());
        answer.put("authorizationUrl", authorization.authorizationUrl());
        answer.put("redirectUri", authorization.redirectUri());
        return answer;
    }

    /** The vendor sends the end user's browser here with a code (or an error) and the state. */
    @GetMapping("/{connector}/callback")
    public ResponseEntity<?> callback(@PathVariable String connector, @RequestParam(required = false) String code,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error,
            @RequestParam(name = "error_description", required = false) String errorDescription) {
        CatalogEntry entry = catalog.require(connector);
        return callbacks.finish(connector, () -> flow.callback(entry, code, state, error, errorDescription));
    }

    /** Refreshes the workspace's built-in OAuth connection now: connected when the vendor could, needs_reconnect when not. */
    @PostMapping("/{connector}/refresh")
    public Map<String, Object> refresh(@PathVariable String connector, @RequestParam(required = false) String connectionId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CatalogEntry entry = catalog.require(connector);
        Connection connection = connections.list(workspace.id()).stream()
                .filter(c -> c.connectorId().equals(connector) && c.isOAuth()
                        && (connectionId == null || c.id().toString().equals(connectionId)))
                .findFirst()
                .orElseThrow(() -> CallFailure.notFound("the workspace has no built-in OAuth connection to " + connector));
        try {
            tokens.refreshedToken(workspace.id(), connection, entry, null);
            connections.markStatus(workspace.id(), connection.id(), Connection.CONNECTED, null);
        } catch (OAuthTokenEndpoint.GrantRefused e) {
            connections.markStatus(workspace.id(), connection.id(), Connection.NEEDS_RECONNECT, e.getMessage());
        }
        return connections.list(workspace.id()).stream().filter(c -> c.id().equals(connection.id())).findFirst()
                .map(ConnectionController::view).orElseThrow(() -> CallFailure.notFound("the connection is gone"));
    }
}
