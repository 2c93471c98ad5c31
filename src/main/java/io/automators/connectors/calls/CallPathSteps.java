package io.automators.connectors.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.routing.CallContext;
import io.automators.connectors.security.Workspace;
import io.automators.connectors.security.Workspaces;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The call path as a step of an integrator's own route, behind the {@code automators-action}
 * Kamelet: the same validation, waterfall, credentials, event row and trace as an HTTP call. The
 * Kamelet's parameters arrive as exchange properties; the workspace is the Kamelet's
 * {@code workspaceId} or the property {@code automatorsWorkspaceId} the route set from a source it
 * trusts (never an inbound header).
 */
@Configuration(proxyBeanMethods = false)
class CallPathSteps {

    static final String CONNECTOR = "automatorsKameletConnector";
    static final String ACTION = "automatorsKameletAction";
    static final String CONNECTION = "automatorsKameletConnection";
    static final String WORKSPACE = "automatorsKameletWorkspace";
    static final String ROUTE_WORKSPACE = "automatorsWorkspaceId";

    /**
     * The call runs on a thread of its own, the route's thread waiting for it: the call path sends its
     * own exchange through Camel, which, started from inside a route's step on the same thread, would
     * wait on work queued behind itself.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService connectorActionThreads(@Value("${automators.kamelet.action-threads:32}") int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "automators-action-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Bean
    Processor runConnectorAction(CallPath callPath, Workspaces workspaces, ObjectMapper mapper,
            ExecutorService connectorActionThreads, ContextPropagators propagators) {
        return exchange -> {
            Workspace workspace = workspaceOf(exchange, workspaces);
            Object body = exchange.getMessage().getBody();
            JsonNode input = body == null ? null : body instanceof String text ? mapper.readTree(text) : mapper.valueToTree(body);
            String connection = exchange.getProperty(CONNECTION, String.class);
            ActionCall call = new ActionCall(workspace, exchange.getProperty(CONNECTOR, String.class),
                    exchange.getProperty(ACTION, String.class), input, connection == null || connection.isBlank() ? null : connection,
                    new CallContext(null, null, exchange.getFromRouteId(), "camel-route", null, null, null).checked(),
                    // The calling route's span, which Camel's tracer keeps in the exchange's traceparent.
                    propagators.getTextMapPropagator().extract(Context.root(), exchange.getMessage(), HEADERS));
            CallResult result;
            try {
                result = connectorActionThreads.submit(() -> callPath.run(call)).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
            }
            // Plain maps and lists, as a route's simple expressions and data formats expect a body to be.
            Object output = result.output();
            exchange.getMessage().setBody(output instanceof JsonNode tree ? mapper.convertValue(tree, Object.class) : output);
            exchange.setProperty("automatorsActionTraceId", result.traceId());
            exchange.setProperty("automatorsActionProvider", result.provider());
        };
    }

    private static final TextMapGetter<Message> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message message) {
            return message.getHeaders().keySet();
        }

        @Override
        public String get(Message message, String key) {
            return message == null ? null : message.getHeader(key, String.class);
        }
    };

    private static Workspace workspaceOf(Exchange exchange, Workspaces workspaces) {
        String id = exchange.getProperty(WORKSPACE, String.class);
        if (id == null || id.isBlank()) {
            id = exchange.getProperty(ROUTE_WORKSPACE, String.class);
        }
        if (id == null || id.isBlank()) {
            throw CallFailure.invalidInput("the automators-action Kamelet needs a workspace: its workspaceId parameter,"
                    + " or the exchange property automatorsWorkspaceId");
        }
        UUID workspaceId;
        try {
            workspaceId = UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw CallFailure.invalidInput("the workspace id is not a UUID");
        }
        return workspaces.find(workspaceId).orElseThrow(() -> CallFailure.notFound("no workspace " + workspaceId));
    }
}
