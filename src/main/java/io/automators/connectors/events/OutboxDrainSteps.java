package io.automators.connectors.events;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of the drain routes (routes/analytics.camel.yaml): claim a batch of one sink and shape it
 * as that sink's request, then record what the sink answered. A failed batch waits the longer of its
 * backoff and the sink's Retry-After; after the last attempt its rows are dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class OutboxDrainSteps {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainSteps.class);
    static final String SINK = "automatorsOutboxSink";
    static final String IDS = "automatorsOutboxIds";
    static final String ATTEMPT = "automatorsOutboxAttempt";
    static final String MORE = "automatorsOutboxMore";

    @Bean
    Processor claimPostHogBatch(Outbox outbox, AnalyticsSinks sinks, SinkBatches batches) {
        return exchange -> claim(exchange, AnalyticsSinks.POSTHOG, outbox, sinks, claimed -> {
            exchange.getMessage().setHeader("Content-Type", "application/json");
            exchange.getMessage().setBody(batches.posthog(claimed));
        });
    }

    @Bean
    Processor claimRudderStackBatch(Outbox outbox, AnalyticsSinks sinks, SinkBatches batches) {
        return exchange -> claim(exchange, AnalyticsSinks.RUDDERSTACK, outbox, sinks, claimed -> {
            exchange.getMessage().setHeader("Content-Type", "application/json");
            exchange.getMessage().setHeader("Authorization", sinks.rudderstackAuthorization());
            exchange.getMessage().setBody(batches.rudderstack(claimed));
        });
    }

    private interface Shape {
        void request(List<Outbox.Claimed> claimed);
    }

    private static void claim(Exchange exchange, String sink, Outbox outbox, AnalyticsSinks sinks, Shape shape) {
        // Nothing of the last round (the sink's response headers) goes into this one.
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(null);
        exchange.removeProperty(IDS);
        exchange.setProperty(SINK, sink);
        List<Outbox.Claimed> claimed;
        try {
            claimed = sinks.isConfigured(sink) ? outbox.claim(sink) : List.of();
        } catch (DataAccessException unreachable) {
            // PostgreSQL is down or stopping: the rows wait there; the next tick tries again.
            log.warn("analytics outbox: no batch for {} claimed: {}", sink, unreachable.getMostSpecificCause().toString());
            claimed = List.of();
        }
        exchange.setProperty(MORE, claimed.size() >= sinks.batchSize());
        if (claimed.isEmpty()) {
            return;
        }
        exchange.setProperty(IDS, claimed.stream().mapToLong(Outbox.Claimed::id).toArray());
        exchange.setProperty(ATTEMPT, claimed.stream().mapToInt(Outbox.Claimed::attempt).max().orElse(1));
        shape.request(claimed);
    }

    @Bean
    Processor outboxDelivered(Outbox outbox) {
        return exchange -> outbox.delivered(exchange.getProperty(SINK, String.class), exchange.getProperty(IDS, long[].class));
    }

    @Bean
    Processor outboxFailed(Outbox outbox, AnalyticsSinks sinks) {
        return exchange -> {
            String sink = exchange.getProperty(SINK, String.class);
            long[] ids = exchange.getProperty(IDS, long[].class);
            int attempt = exchange.getProperty(ATTEMPT, 1, Integer.class);
            Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            long waitMs = sinks.backoffMs(attempt);
            String error;
            if (caught instanceof HttpOperationFailedException http) {
                error = "HTTP " + http.getStatusCode() + " from " + sink + answer(http.getResponseBody());
                waitMs = Math.max(waitMs, retryAfterMs(http.getResponseHeaders()));
            } else {
                error = (caught == null ? "unknown failure" : caught.getClass().getSimpleName()) + " sending to " + sink;
            }
            int dead = outbox.failed(sink, ids, error, Instant.now().plusMillis(waitMs));
            // Stop this round: the sink said no; the next tick tries what is due.
            exchange.setProperty(MORE, false);
            if (dead > 0) {
                log.warn("analytics outbox: {} events dead-lettered for {} after {} attempts: {}", dead, sink, attempt, error);
            } else {
                log.info("analytics outbox: {} events not taken by {} (attempt {}), again in {} ms: {}", ids.length, sink,
                        attempt, waitMs, error);
            }
        };
    }

    /** The sink's own words, short: its error bodies name the problem, never our key. */
    private static String answer(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110); 0 when absent or unreadable. */
    static long retryAfterMs(Map<String, String> headers) {
        if (headers == null) {
            return 0;
        }
        String value = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                return Math.max(0, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                        .toEpochMilli() - System.currentTimeMillis());
            } catch (DateTimeParseException unreadable) {
                return 0;
            }
        }
    }
}
