package io.automators.connectors.api;

/** What an action call answers: the connector's output and how the call was routed. */
public record ActionResult(Object output, String provider, Integer rule, String traceId, Integer latencyMs) {}
