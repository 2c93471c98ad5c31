package io.automators.connectors.catalog;

import java.util.Map;

/** A loaded connector: its manifest, each action's compiled input schema and route (its direct: name). */
public record CatalogEntry(ConnectorManifest manifest, Map<String, ActionEntry> actions, boolean custom) {

    public String id() { return manifest.id(); }

    public record ActionEntry(String name, ConnectorManifest.Action spec, InputSchema inputSchema, String route) {}
}
