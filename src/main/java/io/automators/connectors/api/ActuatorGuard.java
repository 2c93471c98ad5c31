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
 * The actuator endpoints that show the runtime's insides (prometheus, camelroutes, and whatever an
 * operator exposes next) answer only to the admin token; health stays open for probes and load
 * balancers.
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
        return !(uri.equals("/actuator") || uri.startsWith("/actuator/"))
                || uri.equals("/actuator/health") || uri.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (bearer == null || !adminToken.matches(bearer)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "the actuator's endpoints (other than health) need the admin token: Authorization: Bearer <admin token>");
            return;
        }
        chain.doFilter(request, response);
    }
}
