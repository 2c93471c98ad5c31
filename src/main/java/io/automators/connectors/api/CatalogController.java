package io.automators.connectors.api;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.Workspace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The catalog and marketplace: search, one connector with its action schemas, its versions. */
@RestController
@RequestMapping("/api/v1/connectors")
public class CatalogController {

    private final ConnectorCatalog catalog;
    private final Connections connections;

    public CatalogController(ConnectorCatalog catalog, Connections connections) {
        this.catalog = catalog;
        this.connections = connections;
    }

    @GetMapping
    public Page search(@RequestParam(required = false) String category, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (page < 0 || size < 1 || size > 100) {
            throw CallFailure.invalidInput("page must be >= 0 and size between 1 and 100");
        }
        List<CatalogEntry> found = catalog.search(category, q);
        // The status of each connector's default connection (the one a call without connectionId uses).
        Map<String, String> statusOf = connections.list(workspace.id()).stream()
                .sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
                .collect(Collectors.toMap(Connection::connectorId, Connection::status, (first, other) -> first));
        List<Summary> items = found.stream().skip((long) page * size).limit(size)
                .map(e -> Summary.of(e.manifest(), statusOf.get(e.id()))).toList();
        return new Page(items, page, size, found.size());
    }

    @GetMapping("/{id}")
    public Map<String, Object> one(@PathVariable String id, @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CatalogEntry entry = catalog.require(id);
        List<Map<String, Object>> mine = connections.list(workspace.id()).stream()
                .filter(c -> c.connectorId().equals(id))
                .map(c -> Map.<String, Object>of("connectionId", c.id(), "name", c.name(), "isDefault", c.isDefault(),
                        "status", c.status()))
                .toList();
        return Map.of("connector", entry.manifest(), "connections", mine, "connected", !mine.isEmpty());
    }

    @GetMapping("/{id}/versions")
    public List<Map<String, Object>> versions(@PathVariable String id) {
        CatalogEntry entry = catalog.require(id);
        return List.of(Map.of("version", entry.manifest().version(), "builtIn", !entry.custom(), "current", true));
    }

    public record Page(List<Summary> items, int page, int size, int total) {}

    /**
     * One connector of a search. {@code connected}: the workspace has a connection to it;
     * {@code connectionStatus}: its default connection's status, or {@code not_connected}.
     */
    public record Summary(String id, String name, String category, String version, String description,
            String authType, List<String> actions, boolean connected, String connectionStatus, String icon) {
        static Summary of(ConnectorManifest m, String status) {
            return new Summary(m.id(), m.name(), m.category(), m.version(), m.description(), m.auth().type(),
                    List.copyOf(m.actions().keySet()), status != null, status == null ? "not_connected" : status, m.icon());
        }
    }
}
