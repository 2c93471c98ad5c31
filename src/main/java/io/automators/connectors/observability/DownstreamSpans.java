package io.automators.connectors.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.springframework.stereotype.Component;

/**
 * CLIENT spans for the downstream calls the families make in Java (a database statement, a Redis
 * command, a Kafka send): Camel's tracer sees only endpoints, and these calls are processors. The
 * span is a child of the thread's current span (the connector route's) and so inherits the call's
 * attributes; it records the system and the operation, never a statement's parameters.
 */
@Component
public class DownstreamSpans {

    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.name");

    private final Tracer tracer;

    public DownstreamSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A call to a database: {@code system} as OpenTelemetry names it (postgresql, mysql, mongodb, redis). */
    public Call database(String system, String operation) {
        return new Call(this, operation + " " + system, Attributes.of(DB_SYSTEM, system, DB_OPERATION, operation));
    }

    /** A call to a message broker (kafka). */
    public Call messaging(String system, String operation) {
        return new Call(this, operation + " " + system,
                Attributes.of(MESSAGING_SYSTEM, system, MESSAGING_OPERATION, operation));
    }

    /** What a work item throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** One kind of downstream call, run as often as needed. */
    public record Call(DownstreamSpans spans, String name, Attributes attributes) {

        public <T> T run(Work<T> work) throws Exception {
            Span span = spans.tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setAllAttributes(attributes).startSpan();
            try (Scope scope = span.makeCurrent()) {
                return work.run();
            } catch (Exception | Error e) {
                // The type only: a driver's message may quote the tenant's data.
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                throw e;
            } finally {
                span.end();
            }
        }
    }
}
