package io.automators.connectors.events;

import io.automators.connectors.routing.CallContext;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallDecision;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The plan's tool_used event of one action call: what ran, how, for how long, and whether it worked. */
@Component("actionEvents")
public class ActionEvents {

    public static final String EVENT_TYPE = "tool_used";
    public static final String STARTED = "automatorsStartedNanos";
    public static final String LATENCY = "automatorsLatencyMs";
    public static final String TRACE_ID = "automatorsTraceId";
    /** Set to "error" by the execute-action route when the call failed. */
    public static final String STATUS = "automatorsStatus";

    /** Called when the call is done, on the caller's thread, so the tap's own delay never counts. */
    public void finish(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (started != null) {
            exchange.setProperty(LATENCY, (int) ((System.nanoTime() - started) / 1_000_000));
        }
    }

    /**
     * What made the call fail, or null. Only the execute-action route's own catch counts (it sets
     * automatorsStatus): a connector route that caught and recovered from an error inside succeeded.
     */
    public static Throwable failureOf(Exchange exchange) {
        if (exchange.getException() != null) {
            return exchange.getException();
        }
        return "error".equals(exchange.getProperty(STATUS, String.class))
                ? exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class) : null;
    }

    EventLogEntry toEntry(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(RoutingRequest.PROPERTY, RoutingRequest.class);
        WaterfallDecision decision = exchange.getProperty(WaterfallDecision.PROPERTY, WaterfallDecision.class);
        Throwable failure = failureOf(exchange);
        CallContext ctx = request.context();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("tool_id", request.connector().id() + "." + request.action().name());
        context.put("connector", request.connector().id());
        context.put("action", request.action().name());
        if (decision != null) {
            context.put("rule", decision.getRule());
            context.put("provider", decision.getProvider());
        }
        request.connection().ifPresent(c -> context.put("connection_id", c.id().toString()));
        putIfSet(context, "flow_id", ctx.flowId());
        putIfSet(context, "execution_id", ctx.executionId());
        putIfSet(context, "node_id", ctx.nodeId());
        putIfSet(context, "node_type", ctx.nodeType());
        putIfSet(context, "agent_id", ctx.agentId());
        if (failure != null) {
            // The class only: messages can carry vendor text, and must never carry a credential.
            context.put("error", failure.getClass().getSimpleName());
        }
        return new EventLogEntry(request.workspace().id(), request.workspace().userId(), EVENT_TYPE, context,
                failure == null ? "success" : "error", exchange.getProperty(LATENCY, Integer.class),
                exchange.getProperty(TRACE_ID, String.class), OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
