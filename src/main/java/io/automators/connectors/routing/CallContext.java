package io.automators.connectors.routing;

/** Where a call comes from, as the workflow node says: what the waterfall and the event log read. */
public record CallContext(String flowId, String executionId, String nodeId, String nodeType, String agentId,
        Boolean visualWorkflow, String complexity) {

    public static final CallContext EMPTY = new CallContext(null, null, null, null, null, null, null);

    public boolean isVisualWorkflow() { return Boolean.TRUE.equals(visualWorkflow); }

    public boolean isComplex() { return "complex".equalsIgnoreCase(complexity); }
}
