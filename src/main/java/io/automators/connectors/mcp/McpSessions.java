package io.automators.connectors.mcp;

import io.automators.connectors.security.Workspace;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP sessions of this node, each bound at initialize to the workspace whose key opened it, and
 * what tool list each last saw. Every {@code automators.mcp.tools-check-interval} the workspace's tool
 * list is computed again; a session whose list changed (a connector registered, published, removed or
 * reloaded) is sent {@code notifications/tools/list_changed} on its listening stream — again on the next
 * check while the client has no stream open.
 */
class McpSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpSessions.class);

    private record Session(UUID workspace, ToolFilter filter, int seen) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConnectorTools tools;
    private final McpStreamableServerTransportProvider transport;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mcp-tools-check");
        thread.setDaemon(true);
        return thread;
    });

    McpSessions(ConnectorTools tools, McpStreamableServerTransportProvider transport, Duration interval) {
        this.tools = tools;
        this.transport = transport;
        long millis = Math.max(100, interval.toMillis());
        checks.scheduleWithFixedDelay(this::announceChanges, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A session the transport just issued for the workspace's key: later requests must carry a key of the same workspace. */
    void bind(String sessionId, Workspace workspace, ToolFilter filter) {
        sessions.put(sessionId, new Session(workspace.id(), filter, fingerprint(workspace.id(), filter)));
    }

    /** The workspace the session belongs to; empty for a session this node never issued or has closed. */
    Optional<UUID> workspaceOf(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId)).map(Session::workspace);
    }

    /** The session was sent this tool list. */
    void listed(String sessionId, List<McpSchema.Tool> list) {
        sessions.computeIfPresent(sessionId, (id, s) -> new Session(s.workspace(), s.filter(), list.hashCode()));
    }

    void closed(String sessionId) {
        sessions.remove(sessionId);
    }

    private int fingerprint(UUID workspace, ToolFilter filter) {
        return tools.tools(workspace, filter).values().stream().map(ConnectorTools.ToolAction::tool).toList().hashCode();
    }

    private void announceChanges() {
        Map<Session, Integer> now = new HashMap<>();
        sessions.forEach((id, session) -> {
            try {
                Session key = new Session(session.workspace(), session.filter(), 0);
                int current = now.computeIfAbsent(key, k -> fingerprint(k.workspace(), k.filter()));
                if (current != session.seen()) {
                    transport.notifyClient(id, McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                            .block(Duration.ofSeconds(5));
                    sessions.computeIfPresent(id, (i, s) -> new Session(s.workspace(), s.filter(), current));
                }
            } catch (RuntimeException e) {
                // No listening stream yet (or it broke): the next check tries again.
                log.debug("tools/list_changed not sent to MCP session {}: {}", id, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
