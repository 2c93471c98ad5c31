package io.automators.connectors.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.calls.ActionCall;
import io.automators.connectors.calls.CallPath;
import io.automators.connectors.calls.CallResult;
import io.automators.connectors.calls.FailureClassifier;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.WorkspaceCatalog;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.security.Workspace;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The actions a workspace can run as MCP tools, and a tool call run as an action call: the same
 * {@link CallPath} as the HTTP API, so the waterfall, validation, credentials, event row and trace are
 * the same, the call's context saying only that an MCP tool made it ({@link #NODE_TYPE}).
 */
@Component
class ConnectorTools {

    /** Between the connector id and the action name of a tool's name: {@code postgresql__execute_query}. */
    static final String SEPARATOR = "__";
    /** The event row's and the span's node type of a tool call. */
    static final String NODE_TYPE = "mcp-tool";
    /** The prefix of this runtime's keys in an MCP {@code _meta} object. */
    static final String META = "io.automators/";
    /** A tool name as the MCP specification allows it. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final CallContext CONTEXT = new CallContext(null, null, null, NODE_TYPE, null, false, null);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** A call's structured content: the HTTP API's answer to the same call; the output is the action's own. */
    private static final Map<String, Object> OUTPUT_SCHEMA = Map.of("type", "object", "required", List.of("provider", "traceId"),
            "properties", Map.of("output", Map.of("description", "the action's output"),
                    "provider", Map.of("type", "string", "description", "what ran the call (runtime-stored-key, …)"),
                    "rule", Map.of("type", "integer", "description", "the waterfall rule that chose the provider"),
                    "traceId", Map.of("type", "string", "description", "the call's trace: its event_logs row and spans"),
                    "latencyMs", Map.of("type", "integer")));
    private static final Logger log = LoggerFactory.getLogger(ConnectorTools.class);

    private final WorkspaceCatalog catalog;
    private final CallPath calls;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;
    private final ToolFilter configured;

    ConnectorTools(WorkspaceCatalog catalog, CallPath calls, FailureClassifier classifier, ObjectMapper mapper,
            McpProperties properties) {
        this.catalog = catalog;
        this.calls = calls;
        this.classifier = classifier;
        this.mapper = mapper;
        this.configured = ToolFilter.of(properties.getConnectors(), properties.getCategories());
    }

    /** One tool and the action it runs. */
    record ToolAction(String connector, String action, McpSchema.Tool tool) {}

    /** The workspace's tools by name, ordered by connector and action: built-ins and its own connectors. */
    Map<String, ToolAction> tools(UUID workspace, ToolFilter requested) {
        ToolFilter filter = configured.and(requested);
        Map<String, ToolAction> tools = new LinkedHashMap<>();
        for (CatalogEntry connector : catalog.search(workspace, null, null)) {
            if (!filter.allows(connector)) {
                continue;
            }
            connector.actions().values().stream().sorted(Comparator.comparing(CatalogEntry.ActionEntry::name)).forEach(action -> {
                String name = connector.id() + SEPARATOR + action.name();
                if (!TOOL_NAME.matcher(name).matches()) {
                    log.warn("no MCP tool for {}.{}: its name {} is longer than MCP allows", connector.id(), action.name(), name);
                } else if (tools.putIfAbsent(name, new ToolAction(connector.id(), action.name(), tool(name, connector, action))) != null) {
                    log.warn("no MCP tool for {}.{}: another action has the tool name {}", connector.id(), action.name(), name);
                }
            });
        }
        return tools;
    }

    private McpSchema.Tool tool(String name, CatalogEntry connector, CatalogEntry.ActionEntry action) {
        JsonNode input = action.spec().input();
        Map<String, Object> schema = input == null || !input.isObject() ? Map.of("type", "object") : mapper.convertValue(input, MAP);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(META + "connector", connector.id());
        meta.put(META + "action", action.name());
        meta.put(META + "version", connector.version());
        if (connector.manifest().category() != null) {
            meta.put(META + "category", connector.manifest().category());
        }
        return McpSchema.Tool.builder(name, schema)
                .title(connector.manifest().name() + ": " + action.name())
                .description(action.spec().description())
                .outputSchema(OUTPUT_SCHEMA)
                .annotations(new McpSchema.ToolAnnotations(null, null, null, action.spec().idempotent(), true, null))
                .meta(meta)
                .build();
    }

    /**
     * Runs the tool's action for the workspace. Every outcome is a tool result: the call's answer as
     * structured content (the HTTP API's body: output, provider, rule, traceId, latencyMs) and as JSON
     * text, or a failure as {@code isError} with the problem's title and detail — never a protocol error.
     */
    McpSchema.CallToolResult call(Workspace workspace, ToolFilter requested, McpSchema.CallToolRequest request, Context parent) {
        String traceId = Span.fromContext(parent).getSpanContext().getTraceId();
        ToolAction tool = tools(workspace.id(), requested).get(request.name());
        if (tool == null) {
            return failed(CallFailure.notFound("no tool '" + request.name() + "' for this workspace; tools/list names its tools"), traceId);
        }
        JsonNode input = mapper.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
        String connectionId = request.meta() == null ? null
                : request.meta().get(META + "connectionId") instanceof String id ? id : null;
        try {
            CallResult result = calls.run(new ActionCall(workspace, tool.connector(), tool.action(), input, connectionId, CONTEXT, parent));
            Map<String, Object> answer = mapper.convertValue(result, MAP);
            return McpSchema.CallToolResult.builder()
                    .addTextContent(json(answer))
                    .structuredContent(answer)
                    .isError(false)
                    .meta(Map.of(META + "traceId", result.traceId()))
                    .build();
        } catch (CallFailure failure) {
            return failed(failure, traceId);
        } catch (RuntimeException unexpected) {
            return failed(classifier.classify(unexpected, "MCP tool " + request.name()), traceId);
        }
    }

    /** A failure as a tool error: the problem's fields (type, title, detail, traceId and the failure's details). */
    private McpSchema.CallToolResult failed(CallFailure failure, String traceId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", failure.kind().problemType());
        problem.put("title", failure.title());
        problem.put("detail", failure.detail());
        if (failure.kind() != FailureKind.INTERNAL) {
            problem.putAll(mapper.convertValue(failure.details(), MAP));
        }
        problem.put("traceId", traceId);
        return McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent(failure.title() + ": " + failure.detail())))
                .structuredContent(problem)
                .isError(true)
                .meta(Map.of(META + "traceId", traceId))
                .build();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
