package io.automators.connectors.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.AdminToken;
import io.automators.connectors.security.ApiKeys;
import io.automators.connectors.security.Workspace;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every /api/v1 call: the admin token for /api/v1/admin, a workspace API key for the
 * rest. The resolved {@link Workspace} travels as a request attribute.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String WORKSPACE = "automators.workspace";
    /** Whose run a call with a workspace key belongs to: lands in rows and spans as the user id. */
    public static final String USER_HEADER = "Automators-User-Id";
    private static final int MAX_USER_ID = 200;

    private final ApiKeys apiKeys;
    private final AdminToken adminToken;
    private final Problems problems;

    public ApiKeyFilter(ApiKeys apiKeys, AdminToken adminToken, Problems problems) {
        this.apiKeys = apiKeys;
        this.adminToken = adminToken;
        this.problems = problems;
    }

    /** A connect flow's callback: the browser brings a sealed state instead of an API key. */
    private static final java.util.regex.Pattern CALLBACK =
            java.util.regex.Pattern.compile("/api/v1/(nango/)?oauth/[a-z0-9][a-z0-9_-]*/callback");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // Nango's webhooks carry a signature instead of an API key (NangoWebhookController checks it).
        String uri = request.getRequestURI();
        return !uri.startsWith("/api/v1/") || NangoWebhookController.PATH.equals(uri)
                || ("GET".equals(request.getMethod()) && CALLBACK.matcher(uri).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bearer = bearer(request);
        if (bearer == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "send Authorization: Bearer <workspace API key>");
            return;
        }
        if (request.getRequestURI().startsWith("/api/v1/admin/")) {
            if (!adminToken.matches(bearer)) {
                problems.write(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                        "admin calls need the admin token");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Optional<Workspace> workspace = apiKeys.resolve(bearer);
        if (workspace.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problems.write(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "unknown or revoked API key");
            return;
        }
        Workspace caller = workspace.get();
        String user = request.getHeader(USER_HEADER);
        if (user != null && caller.userId() == null) {
            // A workspace key serves many users; the workflow says whose run this is. A user's own key wins.
            user = user.strip();
            if (user.isEmpty() || user.length() > MAX_USER_ID) {
                problems.write(response, request, CallFailure.invalidInput(USER_HEADER + " must be 1 to " + MAX_USER_ID
                        + " characters"));
                return;
            }
            caller = new Workspace(caller.id(), caller.organizationId(), caller.plan(), user);
        }
        request.setAttribute(WORKSPACE, caller);
        chain.doFilter(request, response);
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
