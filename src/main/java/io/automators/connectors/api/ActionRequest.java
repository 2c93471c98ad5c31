package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.routing.CallContext;

/**
 * The body of an action call (and of a decide call, which also names the connector and action);
 * {@code async: true} runs the call in the background and answers 202 with its job; {@code version}
 * pins the connector's version (a workspace's own connector keeps its old versions; unset: the latest).
 */
public record ActionRequest(String connector, String action, JsonNode input, String connectionId, CallContext context,
        Boolean async, String version) {}
