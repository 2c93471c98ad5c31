package io.automators.connectors.mcp;

import io.automators.connectors.security.Workspace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * Who makes an MCP request, carried from the HTTP request to the tool handlers in the SDK's transport
 * context: the workspace its API key resolved to ({@link McpGuard}), the tools its URL asks for, and the
 * request's trace context (its server span), which a tool call's span continues.
 */
record McpCaller(Workspace workspace, ToolFilter filter, Context trace) {

    private static final String KEY = "automators.mcpCaller";

    McpTransportContext asContext() {
        return McpTransportContext.create(Map.of(KEY, this));
    }

    /** The caller of the request the handler serves; a request the guard did not pass has none. */
    static McpCaller of(McpTransportContext context) {
        if (context != null && context.get(KEY) instanceof McpCaller caller) {
            return caller;
        }
        throw new IllegalStateException("an MCP request reached a handler without passing the guard");
    }
}
