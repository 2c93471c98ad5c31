package io.automators.connectors.events;

import java.util.UUID;

/**
 * What the event row of one action call records about its caller and target, as plain values: the
 * call path fills it in before routing, so the event pipeline never reads routing's types.
 */
public record ActionCallFacts(UUID workspaceId, UUID organizationId, String userId, String connector, String action, String connectionId,
        String flowId, String executionId, String nodeId, String nodeType, String agentId, String traceId,
        long startedNanos) {}
