package io.automators.connectors.routing;

import io.automators.connectors.failures.CallFailure;

/** Where a call comes from, as the workflow node says: what the waterfall and the event log read. */
public record CallContext(String flowId, String executionId, String nodeId, String nodeType, String agentId,
        Boolean visualWorkflow, String complexity) {

    /** Longest value of a context field: they reach event rows, traces and logs. */
    public static final int MAX_LENGTH = 200;

    public static final CallContext EMPTY = new CallContext(null, null, null, null, null, null, null);

    public boolean isVisualWorkflow() { return Boolean.TRUE.equals(visualWorkflow); }

    public boolean isComplex() { return "complex".equalsIgnoreCase(complexity); }

    /** This context, or an invalid-input failure naming the first field that is too long. */
    public CallContext checked() {
        check("flowId", flowId);
        check("executionId", executionId);
        check("nodeId", nodeId);
        check("nodeType", nodeType);
        check("agentId", agentId);
        check("complexity", complexity);
        return this;
    }

    private static void check(String field, String value) {
        if (value != null && value.length() > MAX_LENGTH) {
            throw CallFailure.invalidInputAt("/context/" + field, "at most " + MAX_LENGTH + " characters");
        }
    }
}
