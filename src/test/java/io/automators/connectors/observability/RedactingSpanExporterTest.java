package io.automators.connectors.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** Whoever set it, no URL's query string leaves the runtime in a span or its events. */
class RedactingSpanExporterTest {

    @Test
    void queryStringsAreCutFromAttributesAndEvents() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        SpanData exportedSpan;
        // Read before the provider closes: closing shuts the in-memory exporter, which forgets its spans.
        try (SdkTracerProvider tracer = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new RedactingSpanExporter(exported))).build()) {
            Span live = tracer.get("test").spanBuilder("GET").startSpan();
            live.setAttribute("http.url", "https://api.trello.com/1/cards?key=k-123&token=t-456");
            live.setAttribute("url.query", "key=k-123&token=t-456");
            live.setAttribute("camel.uri", "https://api.trello.com/1/cards?token=t-456#x");
            live.setAttribute("http.status_code", 401L);
            live.addEvent("error", Attributes.of(AttributeKey.stringKey("message"),
                    "HTTP operation failed invoking https://api.trello.com/1/cards?key=k-123&token=t-456 with statusCode: 401"));
            live.end();
            exportedSpan = exported.getFinishedSpanItems().get(0);
        }
        SpanData span = exportedSpan;
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.url"))).isEqualTo("https://api.trello.com/1/cards");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("camel.uri"))).isEqualTo("https://api.trello.com/1/cards#x");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isNull();
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.status_code"))).isEqualTo(401L);
        assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("message")))
                .isEqualTo("HTTP operation failed invoking https://api.trello.com/1/cards with statusCode: 401");
        assertThat(span.toString()).doesNotContain("k-123").doesNotContain("t-456");
    }
}
