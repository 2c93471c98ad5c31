package io.automators.connectors.families;

import io.automators.connectors.exchange.ExchangeNames;
import java.util.Map;
import org.apache.camel.Processor;

/** One action of a database family, run on the call's credentials, connection and input. */
@FunctionalInterface
public interface FamilyAction {

    Object run(Map<String, String> credentials, String connectionId, Map<String, Object> input);

    /** The action as the processor a connector's route names: it reads the exchange's names and leaves the output as the body. */
    @SuppressWarnings("unchecked")
    static Processor step(FamilyAction action) {
        return exchange -> exchange.getMessage().setBody(action.run(
                exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class),
                exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class),
                exchange.getMessage().getBody(Map.class)));
    }
}
