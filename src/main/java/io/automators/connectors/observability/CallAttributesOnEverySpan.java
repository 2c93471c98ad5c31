package io.automators.connectors.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Copies who and what a call is (workspace, user, workflow, node, connector, action, routing rule and
 * provider) from a span's parent to the span when it starts, so that Camel's spans of the waterfall,
 * the provider and the vendor call can be searched by the same attributes as the call's own span.
 *
 * <p>The first Camel span of a call finds its parent through the exchange's traceparent header, a
 * remote context without attributes; the call's span is then still the thread's current span, and of
 * the same trace, so it is read instead.
 */
final class CallAttributesOnEverySpan implements SpanProcessor {

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        ReadableSpan parent = readable(Span.fromContext(parentContext), span);
        if (parent == null) {
            parent = readable(Span.current(), span);
        }
        if (parent == null) {
            return;
        }
        for (AttributeKey<String> key : TraceAttributes.INHERITED) {
            String value = parent.getAttribute(key);
            if (value != null && span.getAttribute(key) == null) {
                span.setAttribute(key, value);
            }
        }
        Long rule = parent.getAttribute(TraceAttributes.ROUTING_RULE);
        if (rule != null && span.getAttribute(TraceAttributes.ROUTING_RULE) == null) {
            span.setAttribute(TraceAttributes.ROUTING_RULE, rule);
        }
    }

    private static ReadableSpan readable(Span candidate, ReadWriteSpan span) {
        return candidate instanceof ReadableSpan readable && readable != span
                && readable.getSpanContext().getTraceId().equals(span.getSpanContext().getTraceId()) ? readable : null;
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
