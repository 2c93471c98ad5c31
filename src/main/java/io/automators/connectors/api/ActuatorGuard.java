package io.automators.connectors.api;

import io.automators.connectors.security.AdminToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The actuator endpoints that show the runtime's insides (prometheus, camelroutes, hawtio, jolokia,
 * and whatever an operator exposes next) answer only to the admin token; health stays open for probes
 * and load balancers. A browser gives the token as HTTP Basic's password (any user name): Hawtio's
 * pages and their Jolokia calls then carry it without a plugin.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ActuatorGuard extends OncePerRequestFilter {

    private final AdminToken adminToken;
    private final Problems problems;

    ActuatorGuard(AdminToken adminToken, Problems problems) {
        this.adminToken = adminToken;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !isActuator(uri) || uri.equals("/actuator/health") || uri.startsWith("/actuator/health/");
    }

    /** The actuator's paths: guarded here (but health), and not traced (RequestSpans). */
    static boolean isActuator(String uri) {
        return uri.equals("/actuator") || uri.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = token(request.getHeader("Authorization"));
        if (presented == null || !adminToken.matches(presented)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            response.addHeader("WWW-Authenticate", "Basic realm=\"automators actuator\", charset=\"UTF-8\"");
            problems.write(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "the actuator's endpoints (other than health) need the admin token: Authorization: Bearer <admin token>");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The Bearer token, or Basic's password. */
    private static String token(String header) {
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
