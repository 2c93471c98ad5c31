package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.observability.PlatformRecords;
import io.automators.connectors.security.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the platform's own components post about their work (the plan's log tables): one object or an
 * array per call, each item checked against its schema, all written or none. The workspace is the API
 * key's; the rows carry the call's trace id ({@code traceparent} continued), so
 * {@code GET /api/v1/traces/{traceId}} shows them beside the action calls of the same trace.
 */
@RestController
@RequestMapping("/api/v1")
class IngestionController {

    private final PlatformRecords records;

    IngestionController(PlatformRecords records) {
        this.records = records;
    }

    @PostMapping("/events")
    ResponseEntity<Map<String, Object>> events(@RequestBody JsonNode body, HttpServletRequest request,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return created(records.events(workspace, TraceIds.of(request), body));
    }

    @PostMapping("/traces/agents")
    ResponseEntity<Map<String, Object>> agentTraces(@RequestBody JsonNode body, HttpServletRequest request,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return created(records.agentTraces(workspace, TraceIds.of(request), body));
    }

    @PostMapping("/costs")
    ResponseEntity<Map<String, Object>> costs(@RequestBody JsonNode body, HttpServletRequest request,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return created(records.costs(workspace, TraceIds.of(request), body));
    }

    @PostMapping("/guardrails/similarity")
    ResponseEntity<Map<String, Object>> similarity(@RequestBody JsonNode body, HttpServletRequest request,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return created(records.similarity(workspace, TraceIds.of(request), body));
    }

    private static ResponseEntity<Map<String, Object>> created(PlatformRecords.Recorded recorded) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("recorded", recorded.recorded());
        answer.put("traceId", recorded.traceId());
        if (!recorded.warnings().isEmpty()) {
            answer.put("warnings", recorded.warnings());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }
}
