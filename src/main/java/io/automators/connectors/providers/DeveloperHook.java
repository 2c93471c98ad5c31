package io.automators.connectors.providers;

import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallDecision;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** What the developer hook hears of an unroutable call: which call, and the decision. No input, no credentials. */
@Component("developerHook")
public class DeveloperHook {

    public Map<String, Object> payload(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(RoutingRequest.PROPERTY, RoutingRequest.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "connector.unroutable");
        payload.put("workspaceId", request.workspace().id().toString());
        payload.put("connector", request.connector().id());
        payload.put("action", request.action().name());
        payload.put("traceId", exchange.getProperty("automatorsTraceId", String.class));
        payload.put("decision", exchange.getProperty(WaterfallDecision.PROPERTY));
        return payload;
    }
}
