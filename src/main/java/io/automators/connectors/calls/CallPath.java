package io.automators.connectors.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.automators.connectors.catalog.ActionInputValidator;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.WorkspaceCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.events.ActionCallFacts;
import io.automators.connectors.events.ActionEvents;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.observability.CallMetrics;
import io.automators.connectors.observability.TraceAttributes;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallDecision;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * The call path every edge uses (HTTP and MCP today; Kafka later): given an {@link ActionCall} it
 * validates the input, resolves the connection, decides and runs through the {@code execute-action}
 * route (waterfall, provider, connector route, event tap), and answers a {@link CallResult} or
 * throws a {@link CallFailure}. The exchange is built here from the validated input only, so nothing
 * an edge received (an HTTP header) ever becomes a Camel header.
 */
@Component
public class CallPath {

    private final WorkspaceCatalog catalog;
    private final ActionInputValidator validator;
    private final Connections connections;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final FailureClassifier classifier;
    private final ObjectMapper mapper;
    private final CallMetrics metrics;
    private final Tracer tracer;
    private final ContextPropagators propagators;
    private volatile Endpoint executeAction;

    public CallPath(WorkspaceCatalog catalog, ActionInputValidator validator, Connections connections,
            CamelContext camel, ProducerTemplate template, FailureClassifier classifier, ObjectMapper mapper,
            CallMetrics metrics, Tracer tracer, ContextPropagators propagators) {
        this.metrics = metrics;
        this.tracer = tracer;
        this.propagators = propagators;
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
        Span span = startSpan("action", call);
        WaterfallDecision decision = null;
        try (Scope scope = span.makeCurrent()) {
            String traceId = span.getSpanContext().getTraceId();
            Exchange exchange = prepare(call, true, started, traceId);
            RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
            request.connection().filter(c -> !c.isUsable()).ifPresent(c -> {
                throw CallFailure.reconnectNeeded(c.connectorId(), c.id().toString(), c.status(), c.statusReason(), c.remedy());
            });
            template.send(executeAction(), exchange);
            decision = exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class);
            Throwable failure = ActionEvents.failureOf(exchange);
            if (failure != null) {
                CallFailure classified = withDecision(classifier.classify(failure, vendorOf(request, exchange)), decision);
                metrics.call(call.connector(), call.action(), decision.getRule(), decision.getProvider(), classified.kind().slug(),
                        System.nanoTime() - started);
                throw classified;
            }
            metrics.call(call.connector(), call.action(), decision.getRule(), decision.getProvider(), "success",
                    System.nanoTime() - started);
            endSpan(span, decision, null, started);
            return new CallResult(exchange.getMessage().getBody(), decision.getProvider(), decision.getRule(),
                    traceId, exchange.getProperty(ExchangeNames.LATENCY, Integer.class));
        } catch (CallFailure failure) {
            endSpan(span, decision, failure, started);
            throw failure;
        } catch (RuntimeException unexpected) {
            endSpan(span, decision, CallFailure.internal("the runtime failed unexpectedly", unexpected), started);
            throw unexpected;
        }
    }

    /**
     * The {@code execute-action} endpoint, looked up once: sending by URI normalizes and resolves the
     * URI on every call (bench/). A direct endpoint outlives a reload of its route.
     */
    private Endpoint executeAction() {
        Endpoint endpoint = executeAction;
        if (endpoint == null) {
            endpoint = camel.getEndpoint("direct:execute-action");
            executeAction = endpoint;
        }
        return endpoint;
    }

    /** The waterfall's decision for the call, without running it. */
    public WaterfallDecision decide(ActionCall call) {
        if (call.connector() == null || call.action() == null) {
            throw CallFailure.invalidInput("name the connector and the action: {\"connector\":\"…\",\"action\":\"…\"}");
        }
        long started = System.nanoTime();
        Span span = startSpan("decide", call);
        WaterfallDecision decided = null;
        try (Scope scope = span.makeCurrent()) {
            Exchange exchange = prepare(call, call.input() != null, started, span.getSpanContext().getTraceId());
            template.send("direct:route-decide", exchange);
            if (exchange.getException() != null) {
                throw classifier.classify(exchange.getException(), "the waterfall");
            }
            decided = exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class);
            metrics.decision(decided.getRule(), decided.getProvider());
            endSpan(span, decided, null, started);
            return decided;
        } catch (CallFailure failure) {
            endSpan(span, decided, failure, started);
            throw failure;
        } catch (RuntimeException unexpected) {
            endSpan(span, decided, CallFailure.internal("the runtime failed unexpectedly", unexpected), started);
            throw unexpected;
        }
    }

    /**
     * The call's span, child of the edge's (or the calling route's) span, with who and what it is; the
     * other spans of the call (Camel's, the families') are its children and carry the same attributes.
     */
    private Span startSpan(String kind, ActionCall call) {
        CallContext context = call.context() == null ? CallContext.EMPTY : call.context();
        Span span = tracer.spanBuilder(kind + " " + call.connector() + "." + call.action())
                .setParent(call.parent() == null ? Context.current() : call.parent())
                .setAttribute(TraceAttributes.CONNECTOR_ID, call.connector())
                .setAttribute(TraceAttributes.CONNECTOR_ACTION, call.action())
                .setAttribute(TraceAttributes.WORKSPACE_ID, call.workspace().id().toString())
                .startSpan();
        if (!span.isRecording()) {
            return span;
        }
        if (call.workspace().organizationId() != null) {
            span.setAttribute(TraceAttributes.ORGANIZATION_ID, call.workspace().organizationId().toString());
        }
        setIfPresent(span, TraceAttributes.USER_ID, call.workspace().userId());
        setIfPresent(span, TraceAttributes.WORKFLOW_ID, context.flowId());
        setIfPresent(span, TraceAttributes.WORKFLOW_EXECUTION_ID, context.executionId());
        setIfPresent(span, TraceAttributes.NODE_ID, context.nodeId());
        setIfPresent(span, TraceAttributes.NODE_TYPE, context.nodeType());
        return span;
    }

    private static void endSpan(Span span, WaterfallDecision decision, CallFailure failure, long started) {
        if (span.isRecording()) {
            if (decision != null && decision.getRule() != null) {
                span.setAttribute(TraceAttributes.ROUTING_RULE, decision.getRule().longValue());
            }
            if (decision != null && decision.getProvider() != null) {
                span.setAttribute(TraceAttributes.ROUTING_PROVIDER, decision.getProvider());
            }
            span.setAttribute(TraceAttributes.NODE_LATENCY_MS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            span.setAttribute(TraceAttributes.NODE_STATUS, failure == null ? "success" : "error");
            if (failure != null) {
                // The problem's title and detail, as the caller sees them: they never carry a secret.
                String message = (failure.title() == null ? failure.kind().title() : failure.title()) + ": " + failure.detail();
                span.setAttribute(TraceAttributes.ERROR_MESSAGE, message);
                span.setStatus(StatusCode.ERROR, message);
            }
        }
        span.end();
    }

    private static void setIfPresent(Span span, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    private Exchange prepare(ActionCall call, boolean validateInput, long started, String traceId) {
        CatalogEntry connector = catalog.require(call.workspace().id(), call.connector(), call.version());
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
        exchange.setProperty(ExchangeNames.CONNECTOR, connector);
        exchange.setProperty(ExchangeNames.ACTION, action.name());
        exchange.setProperty(ExchangeNames.ACTION_ROUTE, action.route());
        exchange.setProperty(ExchangeNames.IDEMPOTENT, action.spec().idempotent());
        exchange.setProperty(ExchangeNames.TRACE_ID, traceId);
        // Camel's first span of the call continues the call's span through this header (it reads no
        // thread context); the connector route clears the headers before its vendor call, which gets its own.
        propagators.getTextMapPropagator().inject(Context.current(), exchange.getIn(),
                (message, key, value) -> message.setHeader(key, value));
        exchange.setProperty(ExchangeNames.CALL_FACTS, new ActionCallFacts(call.workspace().id(), call.workspace().organizationId(),
                call.workspace().userId(),
                connector.id(), action.name(), connection.map(c -> c.id().toString()).orElse(null), context.flowId(),
                context.executionId(), context.nodeId(), context.nodeType(), context.agentId(), traceId, started));
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
