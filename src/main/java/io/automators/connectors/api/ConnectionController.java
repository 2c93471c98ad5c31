package io.automators.connectors.api;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.WorkspaceCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.families.http.ConnectionBaseUrls;
import io.automators.connectors.families.kafka.KafkaFamily;
import io.automators.connectors.providers.nango.NangoClient;
import io.automators.connectors.routing.BackendAvailability;
import io.automators.connectors.security.HostGuard;
import io.automators.connectors.security.Workspace;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connecting a workspace to a connector, disconnecting it, listing its connections. */
@RestController
@RequestMapping("/api/v1")
public class ConnectionController {

    private final WorkspaceCatalog catalog;
    private final Connections connections;
    private final HostGuard hostGuard;
    private final BackendAvailability backends;
    private final NangoClient nango;
    private final ConnectionBaseUrls baseUrls;
    private final KafkaFamily kafka;

    public ConnectionController(WorkspaceCatalog catalog, Connections connections, HostGuard hostGuard,
            BackendAvailability backends, NangoClient nango, ConnectionBaseUrls baseUrls, KafkaFamily kafka) {
        this.baseUrls = baseUrls;
        this.kafka = kafka;
        this.catalog = catalog;
        this.connections = connections;
        this.hostGuard = hostGuard;
        this.backends = backends;
        this.nango = nango;
    }

    @PostMapping("/connectors/{id}/connect")
    public ResponseEntity<Map<String, Object>> connect(@PathVariable String id, @RequestBody ConnectRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CatalogEntry connector = catalog.require(workspace.id(), id);
        String name = body.name() == null || body.name().isBlank() ? "default" : body.name();
        if (name.length() > 100) {
            throw CallFailure.invalidInputAt("/name", "at most 100 characters");
        }
        String nangoConnectionId = body.nangoConnectionId() != null ? body.nangoConnectionId()
                : body.credentials() != null && body.credentials().get("nangoConnectionId") instanceof String s ? s : null;
        if (nangoConnectionId != null) {
            return ResponseEntity.status(HttpStatus.CREATED).body(view(attachNango(connector, workspace, name, nangoConnectionId)));
        }
        if (body.credentials() == null || body.credentials().isEmpty()) {
            if (connector.manifest().auth().isOAuth2()) {
                // An OAuth flow runs in the end user's browser, so it is not started by this call.
                throw CallFailure.invalidInput("an OAuth connection to " + id + " is made by its end user: start it with"
                        + " GET /api/v1/nango/oauth/" + id + "/authorize (Nango)"
                        + (connector.manifest().auth().builtinOAuth() != null
                                ? " or GET /api/v1/oauth/" + id + "/authorize (the runtime's own OAuth client)" : "")
                        + ", attach a connection made with Nango ({\"name\", \"nangoConnectionId\"}) or connect with"
                        + " credentials " + fieldNames(connector));
            }
            throw CallFailure.invalidInput("credentials are required: " + fieldNames(connector));
        }
        Map<String, String> credentials = Connections.checkFields(connector, body.credentials());
        checkHost(credentials);
        if ("kafka".equals(connector.manifest().family())) {
            kafka.checkBrokers(credentials); // every broker through the host guard before it is stored
        }
        if (baseUrls.isPerConnection(connector)) {
            baseUrls.resolve(connector, credentials); // a bad or internal host is refused before it is stored
        }
        Connection created = connections.create(workspace.id(), id, name, credentials);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(created));
    }

    /** A connection the integrator's front end made with Nango, checked at Nango before it is recorded. */
    private Connection attachNango(CatalogEntry connector, Workspace workspace, String name, String nangoConnectionId) {
        String integration = connector.manifest().auth().nango();
        if (!connector.manifest().auth().isOAuth2() || integration == null) {
            throw CallFailure.invalidInputAt("/nangoConnectionId", connector.id() + " is not connected through Nango");
        }
        if (!backends.isConfigured("nango")) {
            throw CallFailure.invalidInputAt("/nangoConnectionId", "this runtime has no Nango configured"
                    + " (automators.providers.nango.base-url and .secret-key)");
        }
        if (nangoConnectionId.isBlank() || nangoConnectionId.length() > 255) {
            throw CallFailure.invalidInputAt("/nangoConnectionId", "1 to 255 characters");
        }
        NangoClient.NangoToken checked;
        try {
            checked = nango.token(nangoConnectionId, integration, false);
        } catch (NangoClient.NotConnected e) {
            throw CallFailure.invalidInputAt("/nangoConnectionId", e.getMessage());
        }
        if (!checked.madeFor(workspace.id())) {
            // Its connect session named another workspace: recording it here would lend that workspace's account.
            throw CallFailure.forbidden("Nango's connection " + nangoConnectionId + " was made for another workspace");
        }
        return connections.createNango(workspace.id(), connector.id(), name, nangoConnectionId);
    }

    @DeleteMapping("/connectors/{id}/connect")
    public ResponseEntity<Void> disconnect(@PathVariable String id,
            @RequestParam(required = false) String connectionId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        // A workspace's unregistered connector is gone from the catalog; its connections still go.
        CatalogEntry connector = catalog.find(workspace.id(), id).orElse(null);
        // A connection made with Nango goes at Nango first: a failure there leaves everything as it was.
        connections.list(workspace.id()).stream()
                .filter(c -> c.connectorId().equals(id) && c.isNango() && connector != null && backends.isConfigured("nango")
                        && (connectionId == null || connectionId.isBlank() || c.id().toString().equals(connectionId)))
                .forEach(c -> nango.delete(c.nangoConnectionId(), connector.manifest().auth().nango()));
        if (connections.delete(workspace.id(), id, connectionId) == 0) {
            throw CallFailure.notFound("the workspace has no connection to " + id
                    + (connectionId == null ? "" : " with id " + connectionId));
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/connections")
    public List<Map<String, Object>> list(@RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return connections.list(workspace.id()).stream().map(ConnectionController::view).toList();
    }

    /** Database hosts are checked now, so a bad one is refused before it is stored (and again at each use). */
    private void checkHost(Map<String, String> credentials) {
        String host = credentials.get("host");
        String port = credentials.get("port");
        if (host != null && port != null) {
            try {
                hostGuard.check(host, Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw CallFailure.invalidInputAt("/credentials/port", "must be a number");
            }
        } else if (host != null) {
            hostGuard.check(host, 0 /* any port */);
        }
    }

    private static String fieldNames(CatalogEntry connector) {
        return connector.manifest().auth().credentialFields().stream().map(f -> f.name()).toList().toString();
    }

    static Map<String, Object> view(Connection c) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("connectionId", c.id());
        view.put("connectorId", c.connectorId());
        view.put("name", c.name());
        view.put("kind", c.kind());
        view.put("isDefault", c.isDefault());
        view.put("status", c.status());
        view.put("statusChangedAt", c.statusChangedAt());
        if (c.nangoConnectionId() != null) {
            view.put("nangoConnectionId", c.nangoConnectionId());
        }
        if (c.statusReason() != null) {
            view.put("statusReason", c.statusReason());
        }
        view.put("createdAt", c.createdAt());
        return view;
    }

    /** The body of a connect call: credentials, or the id of a connection made with Nango. */
    public record ConnectRequest(String name, Map<String, Object> credentials, String nangoConnectionId) {}
}
