package io.automators.connectors.catalog;

import java.util.Map;
import java.util.UUID;

/**
 * A loaded connector: its manifest, each action's compiled input schema and route (its direct: name);
 * {@code workspace}: the workspace that registered it (null: every workspace's, from the runtime's files).
 */
public record CatalogEntry(ConnectorManifest manifest, Map<String, ActionEntry> actions, boolean custom, UUID workspace) {

    public CatalogEntry(ConnectorManifest manifest, Map<String, ActionEntry> actions, boolean custom) {
        this(manifest, actions, custom, null);
    }

    public String id() { return manifest.id(); }

    public String version() { return manifest.version(); }

    /** Registered by a workspace through the API (not from the runtime's files). */
    public boolean registered() { return workspace != null; }

    public record ActionEntry(String name, ConnectorManifest.Action spec, InputSchema inputSchema, String route) {}
}
