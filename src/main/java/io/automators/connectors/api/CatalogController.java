package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.CustomConnectors;
import io.automators.connectors.catalog.WorkspaceCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.Workspace;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog and marketplace as the calling workspace sees it: search, one connector with its action
 * schemas, its versions; and the workspace's own connectors: register (POST), publish a new version
 * (PUT), unregister (DELETE). A manifest may come as JSON or, with a YAML content type, as the body itself.
 */
@RestController
@RequestMapping("/api/v1/connectors")
public class CatalogController {

    private static final String YAML = "application/yaml";

    private final WorkspaceCatalog catalog;
    private final CustomConnectors custom;
    private final Connections connections;

    public CatalogController(WorkspaceCatalog catalog, CustomConnectors custom, Connections connections) {
        this.catalog = catalog;
        this.custom = custom;
        this.connections = connections;
    }

    @GetMapping
    public Page search(@RequestParam(required = false) String category, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (page < 0 || size < 1 || size > 100) {
            throw CallFailure.invalidInput("page must be >= 0 and size between 1 and 100");
        }
        List<CatalogEntry> found = catalog.search(workspace.id(), category, q);
        // The status of each connector's default connection (the one a call without connectionId uses).
        Map<String, String> statusOf = connections.list(workspace.id()).stream()
                .sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
                .collect(Collectors.toMap(Connection::connectorId, Connection::status, (first, other) -> first));
        List<Summary> items = found.stream().skip((long) page * size).limit(size)
                .map(e -> Summary.of(e, statusOf.get(e.id()))).toList();
        return new Page(items, page, size, found.size());
    }

    @GetMapping("/{id}")
    public Map<String, Object> one(@PathVariable String id, @RequestParam(required = false) String version,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CatalogEntry entry = catalog.require(workspace.id(), id, version);
        List<Map<String, Object>> mine = connections.list(workspace.id()).stream()
                .filter(c -> c.connectorId().equals(id))
                .map(c -> Map.<String, Object>of("connectionId", c.id(), "name", c.name(), "isDefault", c.isDefault(),
                        "status", c.status()))
                .toList();
        return Map.of("connector", entry.manifest(), "connections", mine, "connected", !mine.isEmpty(),
                "builtIn", !entry.registered());
    }

    @GetMapping("/{id}/versions")
    public List<Map<String, Object>> versions(@PathVariable String id, @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CatalogEntry latest = catalog.require(workspace.id(), id);
        if (!latest.registered()) {
            return List.of(Map.of("version", latest.version(), "builtIn", true, "current", true));
        }
        return custom.versions(workspace.id(), id).stream()
                .map(s -> version(s, s.entry().version().equals(latest.version()))).toList();
    }

    /** Registers a connector of the workspace: {@code {"manifest": {…}}}, with {@code "openapi": {"document"|"url"}} for an OpenAPI one. */
    @PostMapping(consumes = "application/json")
    public ResponseEntity<Map<String, Object>> register(@RequestBody JsonNode body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CustomConnectors.Stored stored = custom.register(workspace.id(), registration(body));
        return ResponseEntity.created(URI.create("/api/v1/connectors/" + stored.entry().id())).body(version(stored, true));
    }

    /** Registers a declarative connector from its manifest's YAML (what POST /api/v1/imports/captured-requests answers). */
    @PostMapping(consumes = {YAML, "application/x-yaml", "text/yaml"})
    public ResponseEntity<Map<String, Object>> registerYaml(@RequestBody String manifest,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        CustomConnectors.Stored stored = custom.register(workspace.id(),
                new CustomConnectors.Registration(TextNode.valueOf(manifest), null, null));
        return ResponseEntity.created(URI.create("/api/v1/connectors/" + stored.entry().id())).body(version(stored, true));
    }

    /** Publishes a new version of the workspace's connector (its version higher than the latest). */
    @PutMapping(path = "/{id}", consumes = "application/json")
    public Map<String, Object> publish(@PathVariable String id, @RequestBody JsonNode body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return version(custom.publish(workspace.id(), id, registration(body)), true);
    }

    @PutMapping(path = "/{id}", consumes = {YAML, "application/x-yaml", "text/yaml"})
    public Map<String, Object> publishYaml(@PathVariable String id, @RequestBody String manifest,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return version(custom.publish(workspace.id(), id, new CustomConnectors.Registration(TextNode.valueOf(manifest), null, null)), true);
    }

    /** Unregisters the workspace's connector with every version; a built-in answers 409. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> unregister(@PathVariable String id, @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (!custom.remove(workspace.id(), id)) {
            throw CallFailure.notFound("the workspace has no connector '" + id + "' of its own");
        }
        return ResponseEntity.noContent().build();
    }

    private static CustomConnectors.Registration registration(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw CallFailure.invalidInput("send {\"manifest\": {…}} or {\"manifest\": {…}, \"openapi\": {\"document\": …} | {\"url\": …}}");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("manifest") && !field.equals("openapi")) {
                throw CallFailure.invalidInputAt("/" + field, "is not a field of a registration (manifest, openapi)");
            }
        });
        JsonNode openapi = body.get("openapi");
        String document = null;
        String url = null;
        if (openapi != null && !openapi.isNull()) {
            if (!openapi.isObject()) {
                throw CallFailure.invalidInputAt("/openapi", "must be {\"document\": …} or {\"url\": \"https://…\"}");
            }
            JsonNode doc = openapi.get("document");
            // The document as text (YAML or JSON), or as a JSON object itself.
            document = doc == null || doc.isNull() ? null : doc.isTextual() ? doc.asText() : doc.isObject() ? doc.toString() : "";
            if ("".equals(document)) {
                throw CallFailure.invalidInputAt("/openapi/document", "must be the document's text or its JSON object");
            }
            JsonNode link = openapi.get("url");
            if (link != null && !link.isNull() && !link.isTextual()) {
                throw CallFailure.invalidInputAt("/openapi/url", "must be a string");
            }
            url = link == null || link.isNull() ? null : link.asText();
            if (document == null && url == null) {
                throw CallFailure.invalidInputAt("/openapi", "give the document or its url");
            }
        }
        return new CustomConnectors.Registration(body.get("manifest"), document, url);
    }

    private static Map<String, Object> version(CustomConnectors.Stored stored, boolean current) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", stored.entry().id());
        view.put("version", stored.entry().version());
        view.put("builtIn", false);
        view.put("current", current);
        view.put("source", stored.source());
        view.put("actions", List.copyOf(stored.entry().actions().keySet()));
        view.put("publishedAt", stored.createdAt() == null ? null : stored.createdAt().toString());
        return view;
    }

    public record Page(List<Summary> items, int page, int size, int total) {}

    /**
     * One connector of a search. {@code connected}: the workspace has a connection to it;
     * {@code connectionStatus}: its default connection's status, or {@code not_connected};
     * {@code builtIn}: every workspace has it (false: the workspace registered it).
     */
    public record Summary(String id, String name, String category, String version, String description,
            String authType, List<String> actions, boolean connected, String connectionStatus, String icon, boolean builtIn) {
        static Summary of(CatalogEntry e, String status) {
            ConnectorManifest m = e.manifest();
            return new Summary(m.id(), m.name(), m.category(), m.version(), m.description(), m.auth().type(),
                    List.copyOf(m.actions().keySet()), status != null, status == null ? "not_connected" : status, m.icon(),
                    !e.registered());
        }
    }
}
