package io.automators.connectors.providers.nango;

import io.automators.connectors.catalog.CatalogEntry;
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
    private final BackendAvailability backends;

    public NangoSessions(NangoClient nango, BackendAvailability backends) {
        this.nango = nango;
        this.backends = backends;
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
