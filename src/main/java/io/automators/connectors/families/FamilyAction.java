package io.automators.connectors.families;

import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.observability.DownstreamSpans;
import java.util.Map;
import org.apache.camel.Processor;

/** One action of a database family, run on the call's credentials, connection and input. */
@FunctionalInterface
public interface FamilyAction {

    Object run(Map<String, String> credentials, String connectionId, Map<String, Object> input);

    /**
     * The action as the processor a connector's route names: it reads the exchange's names, runs as the
     * downstream call's span and leaves the output as the body.
     */
    @SuppressWarnings("unchecked")
    static Processor step(DownstreamSpans.Call call, FamilyAction action) {
        return exchange -> {
            Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
            String connectionId = exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class);
            Map<String, Object> input = exchange.getMessage().getBody(Map.class);
            exchange.getMessage().setBody(call.run(() -> action.run(credentials, connectionId, input)));
        };
    }
}
