package io.automators.connectors.providers;

import io.automators.connectors.exchange.ExchangeNames;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.stereotype.Component;

/**
 * The {@code connectorAction} step of the provider routes: hands the call, with its credentials as
 * exchange properties, to the route of its connector action ({@code direct:<route id>}, the id from the
 * catalog, never from the caller). Nothing from the caller travels as a header: they are all removed
 * first, and the action route sets the headers its vendor needs.
 *
 * <p>A step rather than a route of its own (one hop less on every call), and not a {@code toD}, which
 * would rebuild and normalize the endpoint URI on every call: one started producer per route id
 * (bench/: Camel's per-call overhead).
 */
@Component("connectorAction")
public class ActionRoutes implements Processor {

    private final CamelContext camel;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();

    public ActionRoutes(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getMessage().getHeaders().clear();
        String route = exchange.getProperty(ExchangeNames.ACTION_ROUTE, String.class);
        producers.computeIfAbsent(route, this::producerFor).process(exchange);
    }

    private Producer producerFor(String route) {
        try {
            Producer producer = camel.getEndpoint("direct:" + route).createProducer();
            ServiceHelper.startService(producer);
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("no producer for direct:" + route, e);
        }
    }

    @PreDestroy
    void stop() {
        producers.values().forEach(ServiceHelper::stopService);
    }
}
