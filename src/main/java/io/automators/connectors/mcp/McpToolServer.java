package io.automators.connectors.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The MCP server on the SDK's low-level session API: the SDK's sessions, JSON-RPC and transport, with
 * initialize, ping, tools/list and tools/call answered here, because a workspace's tools are its own
 * (the SDK's McpServer holds one tool list for every client). tools/list and tools/call read the
 * caller from the request's transport context ({@link McpCaller}).
 */
class McpToolServer {

    static final String NAME = "automators-connectors";
    private static final String INSTRUCTIONS = "Each tool runs one action of a connector the workspace can use; its name is "
            + "<connector>__<action> and its input schema is the action's. A result's structuredContent is "
            + "{output, provider, rule, traceId, latencyMs}; a failed call is a tool error with the problem's title and detail.";

    private final ConnectorTools tools;
    private final McpSessions sessions;
    private final List<String> protocolVersions;
    private final McpJsonMapper json;

    McpToolServer(ConnectorTools tools, McpSessions sessions, McpStreamableServerTransportProvider transport, McpJsonMapper json) {
        this.tools = tools;
        this.json = json;
        this.sessions = sessions;
        this.protocolVersions = transport.protocolVersions();
        Map<String, McpRequestHandler<?>> requests = Map.of(
                McpSchema.METHOD_PING, (exchange, params) -> Mono.just(Map.of()),
                McpSchema.METHOD_TOOLS_LIST, (exchange, params) -> Mono.fromSupplier(() -> list(exchange)),
                McpSchema.METHOD_TOOLS_CALL, (exchange, params) -> Mono.fromSupplier(() -> call(exchange, params)));
        Map<String, McpNotificationHandler> notifications = Map.of(
                McpSchema.METHOD_NOTIFICATION_INITIALIZED, (exchange, params) -> Mono.empty());
        transport.setSessionFactory(new DefaultMcpStreamableServerSessionFactory(Duration.ofSeconds(30), this::initialize,
                requests, notifications, sessionId -> Mono.fromRunnable(() -> sessions.closed(sessionId))));
    }

    /** The client's protocol version when this transport speaks it, else the latest it does (the specification's rule). */
    private Mono<McpSchema.InitializeResult> initialize(McpSchema.InitializeRequest request) {
        String version = protocolVersions.contains(request.protocolVersion()) ? request.protocolVersion()
                : protocolVersions.get(protocolVersions.size() - 1);
        String implementation = McpToolServer.class.getPackage().getImplementationVersion();
        return Mono.just(new McpSchema.InitializeResult(version, McpSchema.ServerCapabilities.builder().tools(true).build(),
                new McpSchema.Implementation(NAME, "Automators Connectors", implementation == null ? "dev" : implementation),
                INSTRUCTIONS, null));
    }

    private McpSchema.ListToolsResult list(McpAsyncServerExchange exchange) {
        McpCaller caller = McpCaller.of(exchange.transportContext());
        List<McpSchema.Tool> list = tools.tools(caller.workspace().id(), caller.filter()).values().stream()
                .map(ConnectorTools.ToolAction::tool).toList();
        sessions.listed(exchange.sessionId(), list);
        return McpSchema.ListToolsResult.builder(list).build();
    }

    private McpSchema.CallToolResult call(McpAsyncServerExchange exchange, Object params) {
        McpCaller caller = McpCaller.of(exchange.transportContext());
        McpSchema.CallToolRequest request;
        try {
            request = json.convertValue(params, new TypeRef<McpSchema.CallToolRequest>() {});
        } catch (IllegalArgumentException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("tools/call needs params {name, arguments}").build();
        }
        return tools.call(caller.workspace(), caller.filter(), request, caller.trace());
    }
}
