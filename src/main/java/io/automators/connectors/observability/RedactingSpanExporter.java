package io.automators.connectors.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last gate before spans leave the runtime: no URL's query string and no {@code url.query}
 * attribute is exported, whoever set it. Some vendors take a key or token in the query (Trello's
 * key and token; an OAuth callback's code), and Camel's HTTP spans record the URL they called and
 * the message of a failed call, which names the URL.
 */
final class RedactingSpanExporter implements SpanExporter {

    private static final Pattern QUERY = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?#\"']*)\\?[^\\s#\"']*");
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");

    private final SpanExporter delegate;

    RedactingSpanExporter(SpanExporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        List<SpanData> redacted = new ArrayList<>(spans.size());
        for (SpanData span : spans) {
            redacted.add(redact(span));
        }
        return delegate.export(redacted);
    }

    static SpanData redact(SpanData span) {
        Attributes attributes = redact(span.getAttributes());
        List<EventData> events = span.getEvents();
        List<EventData> cleanEvents = events;
        if (!events.isEmpty()) {
            cleanEvents = new ArrayList<>(events.size());
            for (EventData event : events) {
                cleanEvents.add(EventData.create(event.getEpochNanos(), event.getName(), redact(event.getAttributes()),
                        event.getTotalAttributeCount()));
            }
        }
        List<EventData> finalEvents = cleanEvents;
        return new DelegatingSpanData(span) {
            @Override
            public Attributes getAttributes() {
                return attributes;
            }

            @Override
            public List<EventData> getEvents() {
                return finalEvents;
            }
        };
    }

    static String redact(String value) {
        return value.indexOf('?') < 0 ? value : QUERY.matcher(value).replaceAll("$1");
    }

    private static Attributes redact(Attributes attributes) {
        AttributesBuilder clean = Attributes.builder();
        attributes.forEach((key, value) -> {
            if (key.equals(URL_QUERY)) {
                return;
            }
            if (value instanceof String text) {
                clean.put(AttributeKey.stringKey(key.getKey()), redact(text));
            } else {
                @SuppressWarnings("unchecked")
                AttributeKey<Object> same = (AttributeKey<Object>) key;
                clean.put(same, value);
            }
        });
        return clean.build();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
