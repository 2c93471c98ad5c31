package io.automators.connectors.providers.nango;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
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

    public NangoSessions(NangoClient nango, NangoTokens tokens, Connections connections, BackendAvailability backends) {
        this.nango = nango;
        this.tokens = tokens;
        this.connections = connections;
        this.backends = backends;
    }

    /**
     * Refreshes the workspace's Nango connection now (force_refresh at Nango) and answers it with
     * its status: connected again when Nango could, needs_reconnect when it could not.
     */
    public Connection refresh(Workspace workspace, CatalogEntry connector, String connectionId) {
        Connection connection = connections.resolve(workspace.id(), connector.id(), connectionId)
                .filter(Connection::isNango)
                .orElseThrow(() -> CallFailure.notFound("the workspace has no Nango connection to " + connector.id()));
        try {
            tokens.refreshedToken(connection.id(), connection.nangoConnectionId(), connector.manifest().auth().nango(), null);
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
