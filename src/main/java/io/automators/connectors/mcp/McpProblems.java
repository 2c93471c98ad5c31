package io.automators.connectors.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.failures.FailureKind;
import io.opentelemetry.api.trace.Span;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MCP edge's refusals before any MCP message is read (a missing key, a foreign origin, another
 * workspace's session) as RFC 9457 problem+json, with the same {@code type}s and {@code traceId} as the HTTP API's.
 */
final class McpProblems {

    private McpProblems() {}

    static void write(ObjectMapper mapper, HttpServletRequest request, HttpServletResponse response, int status, String slug,
            String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", FailureKind.PROBLEM_TYPE_BASE + slug);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        // The request's server span (RequestSpans, first of all filters) is the current one.
        problem.put("traceId", Span.current().getSpanContext().getTraceId());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
