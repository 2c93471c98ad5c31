package io.automators.connectors.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.security.Workspace;
import io.opentelemetry.context.Context;

/**
 * One call of a connector action, as any edge hands it to the call path: who calls, which action,
 * its input (null: none), the connection to use (null: the workspace's default), where the call
 * comes from, the trace context it continues (null: the thread's current one, as an edge's
 * request span leaves it), and the connector's version it pins (null: the latest).
 */
public record ActionCall(Workspace workspace, String connector, String action, JsonNode input, String connectionId,
        CallContext context, Context parent, String version) {

    public ActionCall(Workspace workspace, String connector, String action, JsonNode input, String connectionId,
            CallContext context, Context parent) {
        this(workspace, connector, action, input, connectionId, context, parent, null);
    }
}
