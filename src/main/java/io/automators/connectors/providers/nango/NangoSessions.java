package io.automators.connectors.providers.nango;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.ConnectStates;
import io.automators.connectors.routing.BackendAvailability;
import io.automators.connectors.security.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Connect sessions for a workspace's end users: limited to the connector's Nango integration and
 * tagged with the workspace, the connector and the user, so that the auth webhook reporting the new
 * connection says whose it is.
 */
@Component
public class NangoSessions {

    static final String WORKSPACE_TAG = "workspace_id";
    static final String CONNECTOR_TAG = "connector_id";
    static final String USER_TAG = "end_user_id";

    private final NangoClient nango;
    private final NangoTokens tokens;
    private final Connections connections;
    private final BackendAvailability backends;
    private final ConnectStates states;

    public NangoSessions(NangoClient nango, NangoTokens tokens, Connections connections, BackendAvailability backends,
            ConnectStates states) {
        this.nango = nango;
        this.tokens = tokens;
        this.connections = connections;
        this.backends = backends;
        this.states = states;
    }

    /**
     * The plan's authorize step: a connect session as {@link #create} makes, with a sealed state the
     * end user's browser brings back to the callback together with the id of the connection Nango made.
     */
    public Authorization authorize(Workspace workspace, CatalogEntry connector, String userId, String name) {
        NangoClient.ConnectSession session = create(workspace, connector, userId);
        String state = states.seal(workspace.id(), connector.id(), name, userId != null ? userId : workspace.userId(), null);
        return new Authorization(session, state);
    }

    /**
     * The plan's callback: the state opened (forged, expired, replayed → 400), the connection checked at
     * Nango (unknown → 400; tagged for another workspace → 403) and recorded for the state's workspace,
     * unless Nango's auth webhook recorded it first.
     */
    public Connection finish(CatalogEntry connector, String state, String nangoConnectionId) {
        ConnectStates.State opened = states.open(state, connector.id());
        if (nangoConnectionId == null || nangoConnectionId.isBlank() || nangoConnectionId.length() > 255) {
            throw CallFailure.invalidInputAt("/connection_id", "the callback names no Nango connection (1 to 255 characters)");
        }
        NangoClient.NangoToken checked;
        try {
            checked = nango.token(nangoConnectionId, connector.manifest().auth().nango(), false);
        } catch (NangoClient.NotConnected e) {
            throw CallFailure.invalidInputAt("/connection_id", e.getMessage());
        }
        if (!checked.madeFor(opened.workspaceId())) {
            throw CallFailure.forbidden("Nango's connection " + nangoConnectionId + " was made for another workspace");
        }
        return connections.list(opened.workspaceId()).stream()
                .filter(c -> nangoConnectionId.equals(c.nangoConnectionId()) && c.connectorId().equals(connector.id()))
                .findFirst()
                .orElseGet(() -> connections.createNango(opened.workspaceId(), connector.id(),
                        opened.name() != null ? opened.name() : defaultName(nangoConnectionId), nangoConnectionId));
    }

    /** The name a connection recorded from Nango gets when nobody named it (the webhook's too). */
    public static String defaultName(String nangoConnectionId) {
        return "nango-" + nangoConnectionId.substring(0, Math.min(8, nangoConnectionId.length()));
    }

    /** A connect session and the state its callback must bring back. */
    public record Authorization(NangoClient.ConnectSession session, String state) {}

    /**
     * Refreshes the workspace's Nango connection now (force_refresh at Nango) and answers it with
     * its status: connected again when Nango could, needs_reconnect when it could not.
     */
    public Connection refresh(Workspace workspace, CatalogEntry connector, String connectionId) {
        Connection connection = connections.resolve(workspace.id(), connector.id(), connectionId)
                .filter(Connection::isNango)
                .orElseThrow(() -> CallFailure.notFound("the workspace has no Nango connection to " + connector.id()));
        try {
            tokens.refreshedToken(workspace.id(), connection.id(), connection.nangoConnectionId(), connector.manifest().auth().nango(), null);
            connections.markStatus(workspace.id(), connection.id(), Connection.CONNECTED, null);
        } catch (NangoClient.NotConnected e) {
            connections.markStatus(workspace.id(), connection.id(), Connection.NEEDS_RECONNECT, e.getMessage());
        }
        return connections.list(workspace.id()).stream().filter(c -> c.id().equals(connection.id())).findFirst()
                .orElseThrow(() -> CallFailure.notFound("the connection is gone"));
    }

    public NangoClient.ConnectSession create(Workspace workspace, CatalogEntry connector, String userId) {
        String integration = connector.manifest().auth().nango();
        if (!connector.manifest().auth().isOAuth2() || integration == null) {
            throw CallFailure.invalidInputAt("/connector", connector.id() + " is not connected through Nango");
        }
        if (!backends.isConfigured("nango")) {
            throw CallFailure.invalidInput("this runtime has no Nango configured (automators.providers.nango.base-url and .secret-key)");
        }
        if (userId != null && (userId.isBlank() || userId.length() > 200)) {
            throw CallFailure.invalidInputAt("/userId", "1 to 200 characters");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(WORKSPACE_TAG, workspace.id().toString());
        tags.put(CONNECTOR_TAG, connector.id());
        String user = userId != null ? userId : workspace.userId();
        if (user != null) {
            tags.put(USER_TAG, user);
        }
        return nango.createConnectSession(integration, tags);
    }
}
