package io.automators.connectors.providers;

import io.automators.connectors.exchange.ExchangeNames;
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
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "connector.unroutable");
        payload.put("workspaceId", request.workspace().id().toString());
        payload.put("connector", request.connector().id());
        payload.put("action", request.action().name());
        payload.put("traceId", exchange.getProperty(ExchangeNames.TRACE_ID, String.class));
        payload.put("decision", exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class));
        return payload;
    }
}
