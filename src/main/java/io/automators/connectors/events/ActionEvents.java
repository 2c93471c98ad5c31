package io.automators.connectors.events;

import io.automators.connectors.exchange.ExchangeNames;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The plan's tool_used event of one action call: what ran, how, for how long, and whether it worked. */
@Component("actionEvents")
public class ActionEvents {

    public static final String EVENT_TYPE = "tool_used";

    /** Called when the call is done, on the caller's thread, so the tap's own delay never counts. */
    public void finish(Exchange exchange) {
        ActionCallFacts facts = exchange.getProperty(ExchangeNames.CALL_FACTS, ActionCallFacts.class);
        if (facts != null) {
            exchange.setProperty(ExchangeNames.LATENCY, (int) ((System.nanoTime() - facts.startedNanos()) / 1_000_000));
        }
    }

    /**
     * What made the call fail, or null. Only the execute-action route's own catch counts (it sets
     * the status): a connector route that caught and recovered from an error inside succeeded.
     */
    public static Throwable failureOf(Exchange exchange) {
        if (exchange.getException() != null) {
            return exchange.getException();
        }
        return "error".equals(exchange.getProperty(ExchangeNames.STATUS, String.class))
                ? exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class) : null;
    }

    EventLogEntry toEntry(Exchange exchange) {
        ActionCallFacts facts = exchange.getProperty(ExchangeNames.CALL_FACTS, ActionCallFacts.class);
        Throwable failure = failureOf(exchange);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("tool_id", facts.connector() + "." + facts.action());
        context.put("connector", facts.connector());
        context.put("action", facts.action());
        Integer rule = exchange.getProperty(ExchangeNames.RULE, Integer.class);
        if (rule != null) {
            context.put("rule", rule);
            context.put("provider", exchange.getProperty(ExchangeNames.PROVIDER, String.class));
        }
        putIfSet(context, "connection_id", facts.connectionId());
        putIfSet(context, "flow_id", facts.flowId());
        putIfSet(context, "execution_id", facts.executionId());
        putIfSet(context, "node_id", facts.nodeId());
        putIfSet(context, "node_type", facts.nodeType());
        putIfSet(context, "agent_id", facts.agentId());
        List<?> failedAttempts = exchange.getProperty(ExchangeNames.FAILED_ATTEMPTS, List.class);
        if (failedAttempts != null && !failedAttempts.isEmpty()) {
            // Every failed vendor attempt, retried or the last: the row tells the call's whole story.
            context.put("failed_attempts", failedAttempts);
        }
        List<?> outputTail = exchange.getProperty(ExchangeNames.OUTPUT_TAIL, List.class);
        if (outputTail != null && !outputTail.isEmpty()) {
            // A backend command's last lines (masked where they look like a secret): why a pipeline did what it did.
            context.put("output_tail", outputTail);
        }
        if (failure != null) {
            // The class only: messages can carry vendor text, and must never carry a credential.
            context.put("error", failure.getClass().getSimpleName());
        }
        return new EventLogEntry(UUID.randomUUID(), facts.workspaceId(), facts.organizationId(), facts.userId(), EVENT_TYPE, context,
                failure == null ? "success" : "error", exchange.getProperty(ExchangeNames.LATENCY, Integer.class),
                facts.traceId(), OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
