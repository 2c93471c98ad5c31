package io.automators.connectors.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.security.ApiKeys;
import io.automators.connectors.security.Workspace;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.opentelemetry.context.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every request to {@code /mcp} before the transport reads a message: its {@code Origin}
 * (403 unless allowed, against DNS rebinding), its workspace API key as a Bearer token (401), its
 * {@code MCP-Protocol-Version} (400 for one the transport does not speak) and that a session it names
 * was opened by the same workspace (404 otherwise, as if there were no such session). The workspace
 * and the tools the URL asks for reach the handlers as an {@link McpCaller}; a session id the transport
 * issues is bound to the workspace as the answer is written.
 */
class McpGuard extends OncePerRequestFilter {

    static final String CALLER = "automators.mcpCaller";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final ApiKeys apiKeys;
    private final McpSessions sessions;
    private final List<String> allowedOrigins;
    private final List<String> protocolVersions;
    private final ObjectMapper mapper;

    McpGuard(ApiKeys apiKeys, McpSessions sessions, List<String> allowedOrigins, List<String> protocolVersions,
            ObjectMapper mapper) {
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.protocolVersions = List.copyOf(protocolVersions);
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin, request)) {
            McpProblems.write(mapper, request, response, 403, "forbidden", "Forbidden",
                    "origin " + origin + " may not call /mcp (automators.mcp.allowed-origins)");
            return;
        }
        String bearer = bearer(request);
        Optional<Workspace> workspace = bearer == null ? Optional.empty() : apiKeys.resolve(bearer);
        if (workspace.isEmpty()) {
            response.setHeader("WWW-Authenticate", bearer == null ? "Bearer" : "Bearer error=\"invalid_token\"");
            McpProblems.write(mapper, request, response, 401, "unauthorized", "Unauthorized",
                    bearer == null ? "send Authorization: Bearer <workspace API key>" : "unknown or revoked API key");
            return;
        }
        String version = request.getHeader(HttpHeaders.PROTOCOL_VERSION);
        if (version != null && !protocolVersions.contains(version)) {
            McpProblems.write(mapper, request, response, 400, "invalid-input", "Invalid input",
                    HttpHeaders.PROTOCOL_VERSION + " " + version + " is not spoken here; these are: " + protocolVersions);
            return;
        }
        String sessionId = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        UUID caller = workspace.get().id();
        if (sessionId != null && !sessions.workspaceOf(sessionId).map(caller::equals).orElse(false)) {
            // Another workspace's session answers as an unknown one: it reveals nothing.
            McpProblems.write(mapper, request, response, 404, "not-found", "Not found",
                    "no MCP session " + sessionId + " for this API key; initialize a new one");
            return;
        }
        ToolFilter filter = ToolFilter.ofQuery(request.getQueryString());
        request.setAttribute(CALLER, new McpCaller(workspace.get(), filter, Context.current()));
        chain.doFilter(request, new SessionBinding(response, workspace.get(), filter));
        if (sessionId != null && response.getStatus() == 404) {
            // The transport no longer has it (it drops a session whose stream broke): neither do we.
            sessions.closed(sessionId);
        }
    }

    /**
     * Allowed: a configured origin ({@code http://host:*} for any port), or a loopback origin on a request
     * to a loopback host (a local client, an inspector). Not {@code null}, the opaque origin of a sandbox.
     */
    private boolean originAllowed(String origin, HttpServletRequest request) {
        for (String allowed : allowedOrigins) {
            if (allowed.equals(origin) || (allowed.endsWith(":*")
                    && origin.startsWith(allowed.substring(0, allowed.length() - 1)))) {
                return true;
            }
        }
        try {
            URI uri = URI.create(origin);
            return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && LOOPBACK.contains(request.getServerName().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /** Binds the session id the transport issues on an initialize answer to the caller's workspace, before the client sees it. */
    private final class SessionBinding extends HttpServletResponseWrapper {

        private final Workspace workspace;
        private final ToolFilter filter;

        SessionBinding(HttpServletResponse response, Workspace workspace, ToolFilter filter) {
            super(response);
            this.workspace = workspace;
            this.filter = filter;
        }

        @Override
        public void setHeader(String name, String value) {
            bindIfSession(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            bindIfSession(name, value);
            super.addHeader(name, value);
        }

        private void bindIfSession(String name, String value) {
            if (HttpHeaders.MCP_SESSION_ID.equalsIgnoreCase(name) && value != null) {
                sessions.bind(value, workspace, filter);
            }
        }
    }
}
