package io.automators.connectors.api;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Action calls are measured by the call path itself ({@code automators_action_calls_seconds}, per
 * connector, action, outcome, rule and provider), so Spring MVC's per-request observation
 * ({@code http_server_requests_seconds}) is off for them: on the hottest path of the runtime it cost a
 * tenth of the edge's CPU and measured the same thing with fewer tags (bench/). Every other endpoint
 * keeps it.
 */
@Configuration(proxyBeanMethods = false)
class ActionCallObservations {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    // The observation starts before MVC has matched a handler, so the path is matched here.
    private static final Pattern ACTION_CALL = Pattern.compile("/api/v1/connectors/[^/]+/actions/[^/]+");

    @Bean
    ObservationPredicate noServerObservationOfActionCalls() {
        return (name, context) -> !(HTTP_SERVER_REQUESTS.equals(name)
                && context instanceof ServerRequestObservationContext server
                && isActionCall(server.getCarrier()));
    }

    /** {@code POST /api/v1/connectors/{connector}/actions/{action}}. */
    static boolean isActionCall(HttpServletRequest request) {
        return request != null && "POST".equals(request.getMethod()) && ACTION_CALL.matcher(request.getRequestURI()).matches();
    }
}
