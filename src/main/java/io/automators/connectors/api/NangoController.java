package io.automators.connectors.api;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.nango.NangoClient;
import io.automators.connectors.providers.nango.NangoSessions;
import io.automators.connectors.providers.oauth.OAuthClients;
import io.automators.connectors.security.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Connecting an OAuth connector through Nango: a connect session for the workspace's end user. */
@RestController
@RequestMapping("/api/v1/nango")
public class NangoController {

    private final ConnectorCatalog catalog;
    private final NangoSessions sessions;
    private final Connections connections;
    private final ConnectCallbacks callbacks;
    private final OAuthClients oauthClients;

    NangoController(ConnectorCatalog catalog, NangoSessions sessions, Connections connections, ConnectCallbacks callbacks,
            OAuthClients oauthClients) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.connections = connections;
        this.callbacks = callbacks;
        this.oauthClients = oauthClients;
    }

    @PostMapping("/connect-sessions")
    public ResponseEntity<Map<String, Object>> connectSession(@RequestBody SessionRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (body.connector() == null) {
            throw CallFailure.invalidInputAt("/connector", "name the connector to connect");
        }
        NangoClient.ConnectSession session = sessions.create(workspace, catalog.require(body.connector()), body.userId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", body.connector());
        answer.put("token", session.token());
        answer.put("connectLink", session.connectLink());
        answer.put("expiresAt", session.expiresAt());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    /**
     * The plan's authorize: a connect session for the workspace's end user, and the callback URL (with
     * its sealed state) the front end sends the browser to once Nango's Connect UI reports the new
     * connection's id, adding {@code &connection_id=<id>}.
     */
    @GetMapping("/oauth/{provider}/authorize")
    public Map<String, Object> authorize(@PathVariable String provider, @RequestParam(required = false) String userId,
            @RequestParam(required = false) String name, @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (name != null && (name.isBlank() || name.length() > 100)) {
            throw CallFailure.invalidInputAt("/name", "1 to 100 characters");
        }
        NangoSessions.Authorization authorization = sessions.authorize(workspace, catalog.require(provider), userId, name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("connector", provider);
        answer.put("token", authorization.session().token());
        answer.put("connectLink", authorization.session().connectLink());
        answer.put("expiresAt", authorization.session().expiresAt());
        answer.put("state", authorization.state());
        answer.put("callbackUrl", oauthClients.publicUrl() + "/api/v1/nango/oauth/" + provider + "/callback?state="
                + authorization.state());
        return answer;
    }

    /** Where the end user's browser lands after Nango made the connection: no API key, the sealed state says whose. */
    @GetMapping("/oauth/{provider}/callback")
    public ResponseEntity<?> callback(@PathVariable String provider, @RequestParam(required = false) String state,
            @RequestParam(name = "connection_id", required = false) String nangoConnectionId) {
        CatalogEntry connector = catalog.require(provider);
        return callbacks.finish(provider, () -> sessions.finish(connector, state, nangoConnectionId));
    }

    /** The workspace's connections made with Nango, with their status (never a token). */
    @GetMapping("/connections")
    public List<Map<String, Object>> connections(@RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return connections.list(workspace.id()).stream().filter(Connection::isNango).map(ConnectionController::view).toList();
    }

    /** Refreshes the token of the workspace's Nango connection to the connector now ({provider}: the connector). */
    @PostMapping("/oauth/{provider}/refresh")
    public Map<String, Object> refresh(@PathVariable String provider, @RequestParam(required = false) String connectionId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return ConnectionController.view(sessions.refresh(workspace, catalog.require(provider), connectionId));
    }

    /** The connector to connect, and the end user it is for (default: the API key's user). */
    public record SessionRequest(String connector, String userId) {}
}
