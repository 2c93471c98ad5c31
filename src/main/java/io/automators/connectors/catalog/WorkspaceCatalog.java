package io.automators.connectors.catalog;

import io.automators.connectors.failures.CallFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The catalog as one workspace sees it: the runtime's connectors (built-ins and the directory's, which
 * every workspace has) and the workspace's own ({@link CustomConnectors}), never another workspace's.
 * An id is either the runtime's or a workspace's: registering a runtime id is refused, so a lookup
 * tries the runtime's first and a call to a built-in never reads the database.
 */
@Component
public class WorkspaceCatalog {

    private final ConnectorCatalog runtime;
    private final CustomConnectors custom;

    public WorkspaceCatalog(ConnectorCatalog runtime, CustomConnectors custom) {
        this.runtime = runtime;
        this.custom = custom;
    }

    /** The connector's latest version the workspace sees. */
    public Optional<CatalogEntry> find(UUID workspace, String id) {
        if (id == null) {
            return Optional.empty();
        }
        Optional<CatalogEntry> shared = runtime.find(id);
        return shared.isPresent() ? shared : custom.latest(workspace, id);
    }

    /** The connector (at the pinned version, or its latest when {@code version} is null), or a 404 naming what is missing. */
    public CatalogEntry require(UUID workspace, String id, String version) {
        CatalogEntry latest = find(workspace, id).orElseThrow(() -> CallFailure.notFound("no connector '" + id + "'"));
        if (version == null || version.equals(latest.version())) {
            return latest;
        }
        if (!latest.registered()) {
            throw CallFailure.notFound("connector " + id + " has no version " + version + "; it is at " + latest.version());
        }
        return custom.version(workspace, id, version).orElseThrow(() -> CallFailure.notFound("connector " + id
                + " has no version " + version + "; it has " + custom.versions(workspace, id).stream()
                        .map(s -> s.entry().version()).toList()));
    }

    public CatalogEntry require(UUID workspace, String id) {
        return require(workspace, id, null);
    }

    /** Case-insensitive search over id, name and description, optionally within one category. */
    public List<CatalogEntry> search(UUID workspace, String category, String q) {
        List<CatalogEntry> found = new ArrayList<>(runtime.search(category, q));
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        custom.latestOfEach(workspace).stream()
                .filter(e -> category == null || category.isBlank() || category.equalsIgnoreCase(e.manifest().category()))
                .filter(e -> needle == null || needle.isBlank() || ConnectorCatalog.matches(e.manifest(), needle))
                .forEach(found::add);
        found.sort(Comparator.comparing(CatalogEntry::id));
        return found;
    }
}
