package io.automators.connectors.calls;

/** What an action call answers: the connector's output and how the call was routed. */
public record CallResult(Object output, String provider, Integer rule, String traceId, Integer latencyMs) {}
