package io.automators.connectors.routing;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.security.Workspace;
import java.util.Optional;

/** Everything the waterfall decides on: who calls, which connector and action, from where, over which connection. */
public record RoutingRequest(Workspace workspace, CatalogEntry connector, CatalogEntry.ActionEntry action,
        CallContext context, Optional<Connection> connection) {

    public String actionKind() { return action.spec().kindOrDefault(); }
}
