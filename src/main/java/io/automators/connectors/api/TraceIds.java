package io.automators.connectors.api;

import io.opentelemetry.sdk.trace.IdGenerator;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The trace id of a request: its OpenTelemetry span's ({@link RequestSpans} continues a caller's W3C
 * traceparent or starts a trace). A request no span covers (the actuator, Tomcat's own refusals)
 * gets a fresh id from OpenTelemetry's generator, so that its problem still names one.
 */
public final class TraceIds {

    public static final String ATTRIBUTE = "automators.traceId";

    private TraceIds() {}

    public static String of(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing instanceof String s) {
            return s;
        }
        String id = IdGenerator.random().generateTraceId();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
