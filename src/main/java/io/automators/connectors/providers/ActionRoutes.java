package io.automators.connectors.providers;

import io.automators.connectors.exchange.ExchangeNames;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
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
public class ActionRoutes extends AsyncProcessorSupport {

    private final CamelContext camel;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();

    public ActionRoutes(CamelContext camel) {
        this.camel = camel;
    }

    /** Asynchronous, as the direct producer is: a synchronous step would wait on a latch for the action route (bench/). */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        AsyncProducer producer;
        try {
            exchange.getMessage().getHeaders().clear();
            producer = producers.computeIfAbsent(exchange.getProperty(ExchangeNames.ACTION_ROUTE, String.class), this::producerFor);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return producer.process(exchange, callback);
    }

    private AsyncProducer producerFor(String route) {
        try {
            AsyncProducer producer = camel.getEndpoint("direct:" + route).createAsyncProducer();
            ServiceHelper.startService(producer);
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("no producer for direct:" + route, e);
        }
    }

    @PreDestroy
    void stopProducers() {
        producers.values().forEach(ServiceHelper::stopService);
    }
}
