package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.automators.connectors.catalog.ActionInputValidator;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.events.ActionEvents;
import io.automators.connectors.providers.ActionRoutes;
import io.automators.connectors.providers.NoRouteException;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallDecision;
import io.automators.connectors.security.Workspace;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * One action call from the API into Camel: catalog lookup, input validation, connection, then the
 * {@code execute-action} route (waterfall, provider, connector route, event tap). The exchange is
 * built here from the validated input only, so no inbound HTTP header ever becomes a Camel header.
 */
@Component
public class ActionCalls {

    private final ConnectorCatalog catalog;
    private final ActionInputValidator validator;
    private final Connections connections;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;

    public ActionCalls(ConnectorCatalog catalog, ActionInputValidator validator, Connections connections,
            CamelContext camel, ProducerTemplate template, FailureClassifier classifier, ObjectMapper mapper) {
        this.catalog = catalog;
        this.validator = validator;
        this.connections = connections;
        this.camel = camel;
        this.template = template;
        this.classifier = classifier;
        this.mapper = mapper;
    }

    public ActionResult run(Workspace workspace, String connectorId, String actionName, ActionRequest body,
            String traceId) {
        long started = System.nanoTime();
        Exchange exchange = prepare(workspace, connectorId, actionName, body, traceId, true);
        exchange.setProperty(ActionEvents.STARTED, started);
        template.send("direct:execute-action", exchange);
        WaterfallDecision decision = exchange.getProperty(WaterfallDecision.PROPERTY, WaterfallDecision.class);
        Throwable failure = ActionEvents.failureOf(exchange);
        if (failure != null) {
            throw failureOf(failure, connectorId + "." + actionName, decision);
        }
        return new ActionResult(exchange.getMessage().getBody(), decision.getProvider(), decision.getRule(), traceId,
                exchange.getProperty(ActionEvents.LATENCY, Integer.class));
    }

    public WaterfallDecision decide(Workspace workspace, ActionRequest body, String traceId) {
        if (body.connector() == null || body.action() == null) {
            throw ApiException.badRequest("name the connector and the action: {\"connector\":\"…\",\"action\":\"…\"}");
        }
        Exchange exchange = prepare(workspace, body.connector(), body.action(), body, traceId, false);
        template.send("direct:route-decide", exchange);
        if (exchange.getException() != null) {
            throw classifier.classify(exchange.getException(), "the waterfall");
        }
        return exchange.getProperty(WaterfallDecision.PROPERTY, WaterfallDecision.class);
    }

    private Exchange prepare(Workspace workspace, String connectorId, String actionName, ActionRequest body,
            String traceId, boolean validateInput) {
        CatalogEntry connector = catalog.require(connectorId);
        CatalogEntry.ActionEntry action = Optional.ofNullable(connector.actions().get(actionName))
                .orElseThrow(() -> ApiException.notFound("connector " + connectorId + " has no action '" + actionName
                        + "'; it has " + connector.actions().keySet()));
        JsonNode input = body == null || body.input() == null ? JsonNodeFactory.instance.objectNode() : body.input();
        if (validateInput || (body != null && body.input() != null)) {
            validator.validate(connector, action, input);
        }
        Optional<Connection> connection = connections.resolve(workspace.id(), connector.id(),
                body == null ? null : body.connectionId());
        CallContext context = body == null || body.context() == null ? CallContext.EMPTY : body.context();

        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(mapper.convertValue(input, Map.class));
        exchange.setProperty(RoutingRequest.PROPERTY, new RoutingRequest(workspace, connector, action, context, connection));
        exchange.setProperty(WaterfallDecision.PROPERTY, new WaterfallDecision());
        exchange.setProperty(ActionRoutes.ROUTE, action.route());
        exchange.setProperty(ActionEvents.TRACE_ID, traceId);
        return exchange;
    }

    private ApiException failureOf(Throwable failure, String what, WaterfallDecision decision) {
        ApiException api = classifier.classify(failure, what);
        if (api.status() == HttpStatus.UNPROCESSABLE_ENTITY && isNoRoute(failure)) {
            return new ApiException(api.status(), api.title(), api.getMessage(), Map.of("decision", decision));
        }
        return api;
    }

    private static boolean isNoRoute(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRouteException) {
                return true;
            }
        }
        return false;
    }
}
