package io.automators.connectors.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.automators.connectors.catalog.ActionInputValidator;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.events.ActionCallFacts;
import io.automators.connectors.events.ActionEvents;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.observability.CallMetrics;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallDecision;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * The call path every edge uses (HTTP today; MCP and Kafka later): given an {@link ActionCall} it
 * validates the input, resolves the connection, decides and runs through the {@code execute-action}
 * route (waterfall, provider, connector route, event tap), and answers a {@link CallResult} or
 * throws a {@link CallFailure}. The exchange is built here from the validated input only, so nothing
 * an edge received (an HTTP header) ever becomes a Camel header.
 */
@Component
public class CallPath {

    private final ConnectorCatalog catalog;
    private final ActionInputValidator validator;
    private final Connections connections;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;
    private final CallMetrics metrics;

    public CallPath(ConnectorCatalog catalog, ActionInputValidator validator, Connections connections,
            CamelContext camel, ProducerTemplate template, FailureClassifier classifier, ObjectMapper mapper,
            CallMetrics metrics) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.validator = validator;
        this.connections = connections;
        this.camel = camel;
        this.template = template;
        this.classifier = classifier;
        this.mapper = mapper;
    }

    /** Runs the action; a failure anywhere on the way is thrown as a {@link CallFailure}. */
    public CallResult run(ActionCall call) {
        long started = System.nanoTime();
        Exchange exchange = prepare(call, true, started);
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        request.connection().filter(c -> !c.isUsable()).ifPresent(c -> {
            throw CallFailure.reconnectNeeded(c.connectorId(), c.id().toString(), c.status(), c.statusReason(), c.remedy());
        });
        template.send("direct:execute-action", exchange);
        WaterfallDecision decision = exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class);
        Throwable failure = ActionEvents.failureOf(exchange);
        if (failure != null) {
            CallFailure classified = withDecision(classifier.classify(failure, vendorOf(request, exchange)), decision);
            metrics.call(call.connector(), call.action(), decision.getRule(), decision.getProvider(), classified.kind().slug(),
                    System.nanoTime() - started);
            throw classified;
        }
        metrics.call(call.connector(), call.action(), decision.getRule(), decision.getProvider(), "success",
                System.nanoTime() - started);
        return new CallResult(exchange.getMessage().getBody(), decision.getProvider(), decision.getRule(),
                call.traceId(), exchange.getProperty(ExchangeNames.LATENCY, Integer.class));
    }

    /** The waterfall's decision for the call, without running it. */
    public WaterfallDecision decide(ActionCall call) {
        if (call.connector() == null || call.action() == null) {
            throw CallFailure.invalidInput("name the connector and the action: {\"connector\":\"…\",\"action\":\"…\"}");
        }
        Exchange exchange = prepare(call, call.input() != null, System.nanoTime());
        template.send("direct:route-decide", exchange);
        if (exchange.getException() != null) {
            throw classifier.classify(exchange.getException(), "the waterfall");
        }
        WaterfallDecision decided = exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class);
        metrics.decision(decided.getRule(), decided.getProvider());
        return decided;
    }

    private Exchange prepare(ActionCall call, boolean validateInput, long started) {
        CatalogEntry connector = catalog.require(call.connector());
        CatalogEntry.ActionEntry action = Optional.ofNullable(connector.actions().get(call.action()))
                .orElseThrow(() -> CallFailure.notFound("connector " + call.connector() + " has no action '"
                        + call.action() + "'; it has " + connector.actions().keySet()));
        JsonNode input = call.input() == null ? JsonNodeFactory.instance.objectNode() : call.input();
        if (validateInput) {
            validator.validate(connector, action, input);
        }
        CallContext context = call.context() == null ? CallContext.EMPTY : call.context().checked();
        Optional<Connection> connection = connections.resolve(call.workspace().id(), connector.id(), call.connectionId());

        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(mapper.convertValue(input, Map.class));
        exchange.setProperty(ExchangeNames.REQUEST, new RoutingRequest(call.workspace(), connector, action, context, connection));
        exchange.setProperty(ExchangeNames.DECISION, new WaterfallDecision());
        exchange.setProperty(ExchangeNames.CONNECTOR_ID, connector.id());
        exchange.setProperty(ExchangeNames.ACTION_ROUTE, action.route());
        exchange.setProperty(ExchangeNames.IDEMPOTENT, action.spec().idempotent());
        exchange.setProperty(ExchangeNames.TRACE_ID, call.traceId());
        exchange.setProperty(ExchangeNames.CALL_FACTS, new ActionCallFacts(call.workspace().id(), call.workspace().userId(),
                connector.id(), action.name(), connection.map(c -> c.id().toString()).orElse(null), context.flowId(),
                context.executionId(), context.nodeId(), context.nodeType(), context.agentId(), call.traceId(), started));
        return exchange;
    }

    /** Whose failure it is: the connector's vendor and the connection the provider step used. */
    private FailureClassifier.Vendor vendorOf(RoutingRequest request, Exchange exchange) {
        CatalogEntry connector = request.connector();
        String used = exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class);
        String remedy = null;
        if (used != null && !used.startsWith("shared:")) {
            remedy = request.connection().filter(c -> c.id().toString().equals(used))
                    .or(() -> connections.list(request.workspace().id()).stream()
                            .filter(c -> c.id().toString().equals(used)).findFirst())
                    .map(Connection::remedy).orElse("connect " + connector.id() + " again");
        }
        return new FailureClassifier.Vendor(connector.manifest().name(), connector.manifest().errorsOrDefault(),
                connector.id(), used, remedy);
    }

    private static CallFailure withDecision(CallFailure failure, WaterfallDecision decision) {
        return failure.kind() == FailureKind.UNROUTABLE && decision != null
                ? failure.with(CallFailure.DECISION, decision) : failure;
    }
}
