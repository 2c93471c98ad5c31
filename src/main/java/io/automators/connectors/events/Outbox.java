package io.automators.connectors.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The analytics outbox in the runtime's PostgreSQL, across workspaces through V7's SECURITY DEFINER
 * functions: claim a leased batch of one sink, say it was delivered (the rows go) or failed (retried
 * later, dead-lettered after the last attempt), list and re-drive dead letters. Metrics per sink:
 * {@code automators_outbox_delivered_total}, {@code _failed_attempts_total}, {@code _dead_lettered_total},
 * and the gauges {@code automators_outbox_pending} and {@code automators_outbox_dead_letters}.
 */
@Component
public class Outbox {

    private static final long COUNTS_EVERY_MS = 5_000;

    private final TenantJdbc tenantJdbc;
    private final ObjectMapper mapper;
    private final AnalyticsSinks sinks;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private volatile long countedAt;

    public Outbox(TenantJdbc tenantJdbc, ObjectMapper mapper, AnalyticsSinks sinks, MeterRegistry meters) {
        this.tenantJdbc = tenantJdbc;
        this.mapper = mapper;
        this.sinks = sinks;
        this.meters = meters;
        for (String sink : List.of(AnalyticsSinks.POSTHOG, AnalyticsSinks.RUDDERSTACK)) {
            Gauge.builder("automators.outbox.pending", gauge(pending, sink), AtomicLong::get)
                    .description("Outbox rows waiting for the sink").tag("sink", sink).register(meters);
            Gauge.builder("automators.outbox.dead_letters", gauge(deadLetters, sink), AtomicLong::get)
                    .description("Outbox rows dead-lettered after their last attempt, until re-driven").tag("sink", sink)
                    .register(meters);
        }
    }

    private static AtomicLong gauge(Map<String, AtomicLong> values, String sink) {
        return values.computeIfAbsent(sink, k -> new AtomicLong());
    }

    /** One claimed row: its id, which attempt this is, and the event in the analytics schema. */
    public record Claimed(long id, int attempt, JsonNode event) {}

    /** Up to the batch size of due rows of the sink, leased to this node. */
    public List<Claimed> claim(String sink) {
        refreshCountsNowAndThen();
        return tenantJdbc.jdbc().query("SELECT outbox_id, attempt, event::text FROM claim_outbox(?, ?, ?)",
                (rs, i) -> new Claimed(rs.getLong(1), rs.getInt(2), read(rs.getString(3))),
                sink, sinks.batchSize(), sinks.leaseSeconds());
    }

    public void delivered(String sink, long[] ids) {
        tenantJdbc.jdbc().queryForObject("SELECT outbox_delivered(?::bigint[])", Integer.class, array(ids));
        counter("automators.outbox.delivered", sink).increment(ids.length);
    }

    /** Returns how many rows were dead-lettered by this failure. */
    public int failed(String sink, long[] ids, String error, Instant retryAt) {
        Integer dead = tenantJdbc.jdbc().queryForObject("SELECT outbox_failed(?::bigint[], ?, ?, ?)", Integer.class,
                array(ids), error, Timestamp.from(retryAt), sinks.maxAttempts());
        counter("automators.outbox.failed_attempts", sink).increment(ids.length);
        if (dead != null && dead > 0) {
            counter("automators.outbox.dead_lettered", sink).increment(dead);
        }
        return dead == null ? 0 : dead;
    }

    /** Dead letters (of one sink, or all when null), oldest first. */
    public List<Map<String, Object>> deadLetters(String sink, int limit) {
        return tenantJdbc.jdbc().queryForList("SELECT outbox_id AS id, destination AS sink, workspace_id, event_id, event_type,"
                + " attempts, last_error, dead_lettered_at FROM outbox_dead_letters(?, ?)", sink, limit);
    }

    /** Dead letters back in the queue (of one sink, or all when null); how many. */
    public int redrive(String sink) {
        Integer again = tenantJdbc.jdbc().queryForObject("SELECT outbox_redrive(?)", Integer.class, sink);
        refreshCounts();
        return again == null ? 0 : again;
    }

    /** Pending and dead-lettered rows per sink, as the gauges show them. */
    public Map<String, Map<String, Long>> counts() {
        refreshCounts();
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (String sink : List.of(AnalyticsSinks.POSTHOG, AnalyticsSinks.RUDDERSTACK)) {
            counts.put(sink, Map.of("pending", gauge(pending, sink).get(), "deadLetters", gauge(deadLetters, sink).get()));
        }
        return counts;
    }

    private void refreshCountsNowAndThen() {
        if (System.currentTimeMillis() - countedAt >= COUNTS_EVERY_MS) {
            refreshCounts();
        }
    }

    private void refreshCounts() {
        countedAt = System.currentTimeMillis();
        pending.values().forEach(v -> v.set(0));
        deadLetters.values().forEach(v -> v.set(0));
        tenantJdbc.jdbc().query("SELECT destination, pending, dead_letters FROM outbox_counts()", rs -> {
            gauge(pending, rs.getString(1)).set(rs.getLong(2));
            gauge(deadLetters, rs.getString(1)).set(rs.getLong(3));
        });
    }

    private Counter counter(String name, String sink) {
        return meters.counter(name, "sink", sink);
    }

    /** A PostgreSQL array literal of the ids: {1,2,3}. */
    private static String array(long[] ids) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < ids.length; i++) {
            literal.append(i == 0 ? "" : ",").append(ids[i]);
        }
        return literal.append('}').toString();
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an outbox row's payload is not JSON", e);
        }
    }
}
