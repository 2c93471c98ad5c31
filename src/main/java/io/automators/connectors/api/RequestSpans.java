package io.automators.connectors.api;

import io.automators.connectors.observability.TraceAttributes;
import io.automators.connectors.security.Workspace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One OpenTelemetry server span per API request, first of all filters: it continues the caller's W3C
 * {@code traceparent} when that is valid (an invalid one — version ff, all-zero ids, a malformed field
 * — starts a new trace, as the W3C Trace Context specification says) and is the current span while
 * the request runs, so the call path's spans, the rows and the problems carry its trace id. The
 * actuator (health, metrics, Hawtio) is not traced. No query string is recorded: an OAuth callback's
 * carries its code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSpans extends OncePerRequestFilter {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final Tracer tracer;
    private final ContextPropagators propagators;

    RequestSpans(Tracer tracer, ContextPropagators propagators) {
        this.tracer = tracer;
        this.propagators = propagators;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ActuatorGuard.isActuator(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Context parent = propagators.getTextMapPropagator().extract(Context.root(), request, HEADERS);
        Span span = tracer.spanBuilder(request.getMethod()).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute(METHOD, request.getMethod())
                .setAttribute(PATH, request.getRequestURI())
                .startSpan();
        request.setAttribute(TraceIds.ATTRIBUTE, span.getSpanContext().getTraceId());
        try (Scope scope = span.makeCurrent()) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            if (span.isRecording()) {
                describe(span, request, response);
            }
            span.end();
        }
    }

    private static void describe(Span span, HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String route) {
            span.setAttribute(ROUTE, route);
            span.updateName(request.getMethod() + " " + route);
        }
        span.setAttribute(STATUS, (long) response.getStatus());
        if (response.getStatus() >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        if (request.getAttribute(ApiKeyFilter.WORKSPACE) instanceof Workspace workspace) {
            span.setAttribute(TraceAttributes.WORKSPACE_ID, workspace.id().toString());
            if (workspace.organizationId() != null) {
                span.setAttribute(TraceAttributes.ORGANIZATION_ID, workspace.organizationId().toString());
            }
            if (workspace.userId() != null) {
                span.setAttribute(TraceAttributes.USER_ID, workspace.userId());
            }
        }
    }
}
