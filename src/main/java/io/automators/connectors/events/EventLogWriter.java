package io.automators.connectors.events;

import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes event_logs rows off the callers' path. {@link #enqueue} appends the event to the
 * {@link EventJournal} (a copy into memory-mapped files: it never waits for the database, and a killed
 * process loses nothing appended); one writer thread reads the journal in order, commits the rows in
 * JDBC batches grouped per workspace under Row-Level Security (with their outbox rows), and then moves
 * the journal's checkpoint past them once PostgreSQL has surely flushed them. A failed batch is kept and
 * tried again until it commits, however long PostgreSQL is away: the journal holds the rest, on disk, up
 * to its bound, and memory holds one batch. At start, what the last run left between the checkpoint and
 * the journal's end is written first — once: events PostgreSQL already has are recognised by their UUID
 * and skipped.
 * A full journal refuses new events: they are counted ({@code automators_events_dropped_total}) and
 * logged, and the calls are still answered.
 */
public class EventLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);

    private final EventJournal journal;
    private final TenantJdbc tenantJdbc;
    private final EventRows rows;
    private final EventProperties properties;
    private final ActionEvents actionEvents;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    /** Batches committed whose events the journal still keeps: [commit time in nanos, journal position]. */
    private final ArrayDeque<long[]> committed = new ArrayDeque<>();
    private final long durabilityLagNanos;
    private final Counter dropped;
    private volatile long lastDropLog;
    private volatile boolean running;
    private volatile boolean waiting;
    private Thread writer;

    public EventLogWriter(EventJournal journal, TenantJdbc tenantJdbc, EventRows rows, EventProperties properties,
            ActionEvents actionEvents, MeterRegistry meters) {
        this.journal = journal;
        this.tenantJdbc = tenantJdbc;
        this.rows = rows;
        this.properties = properties;
        this.actionEvents = actionEvents;
        if (!"local".equals(properties.getTransport())) {
            throw new IllegalStateException("automators.events.transport=" + properties.getTransport()
                    + " is not built yet; only local (in-process, Postgres) is");
        }
        appended.set(journal.replayed());
        durabilityLagNanos = TimeUnit.MILLISECONDS.toNanos(properties.getDurabilityLagMs());
        meters.gauge("automators.events.queue", this, EventLogWriter::pending);
        meters.gauge("automators.events.journal.bytes", journal, EventJournal::sizeBytes);
        meters.more().counter("automators.events.written", List.of(), written);
        dropped = meters.counter("automators.events.dropped");
        if (journal.replayed() > 0) {
            log.info("event journal: {} events of the last run kept; written first (those PostgreSQL already has are skipped)",
                    journal.replayed());
        }
    }

    /** The wire-tap's target: the event of one finished action call. */
    public void enqueueActionCall(Exchange exchange) {
        enqueue(actionEvents.toEntry(exchange));
    }

    public void enqueue(EventLogEntry entry) {
        if (!journal.append(EventCodec.encode(entry))) {
            dropped.increment();
            long now = System.currentTimeMillis();
            if (now - lastDropLog > 60_000) {
                lastDropLog = now;
                log.error("event journal full ({} bytes, automators.events.journal.max-bytes): events are dropped until"
                        + " PostgreSQL takes the backlog; {} dropped so far", journal.sizeBytes(), (long) dropped.count());
            }
            return;
        }
        appended.incrementAndGet();
        if (waiting) {
            LockSupport.unpark(writer);
        }
    }

    /** Rows committed since start. */
    public long written() { return written.get(); }

    /** Events in the journal not yet committed. */
    public long pending() { return Math.max(0, appended.get() - written.get()); }

    /** Events refused because the journal was full. */
    public long dropped() { return (long) dropped.count(); }

    private void run() {
        List<EventJournal.Record> batch = new ArrayList<>(properties.getBatchSize());
        long backoffMs = 100;
        while (running || journal.hasUnread() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    batch.addAll(journal.read(properties.getBatchSize()));
                    if (batch.isEmpty()) {
                        advanceCheckpoint();
                        park(TimeUnit.MILLISECONDS.toNanos(200));
                        continue;
                    }
                    lingerFor(batch);
                }
                write(batch);
                committed.addLast(new long[] {System.nanoTime(), batch.get(batch.size() - 1).end()});
                written.addAndGet(batch.size());
                advanceCheckpoint();
                batch.clear();
                backoffMs = 100;
            } catch (RuntimeException e) {
                // Keep the batch and try again: an event is never dropped because the database hiccupped.
                log.warn("event_logs batch of {} rows not written, retrying in {} ms: {}", batch.size(), backoffMs, e.toString());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
                if (!running && backoffMs >= 5_000) {
                    log.error("event_logs: {} events stay in the journal at shutdown (written at the next start)",
                            pending());
                    return;
                }
            }
        }
    }

    /**
     * The writer's transactions commit without waiting for the WAL flush, so PostgreSQL may lose their
     * last moments if it crashes (at most three WAL-writer delays, 600 ms by default): the journal's
     * checkpoint moves past a batch only once that much time has passed since its commit. After a
     * crash of both, the next start writes those events again — the ones PostgreSQL kept are skipped.
     */
    private void advanceCheckpoint() {
        long horizon = System.nanoTime() - durabilityLagNanos;
        long end = -1;
        while (!committed.isEmpty() && committed.peekFirst()[0] <= horizon) {
            end = committed.pollFirst()[1];
        }
        if (end >= 0) {
            journal.commit(end);
        }
    }

    /** Tops a small batch up for at most linger-ms, so that a trickle of calls is not one transaction each. */
    private void lingerFor(List<EventJournal.Record> batch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.getLingerMs());
        while (running && batch.size() < properties.getBatchSize()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (!journal.hasUnread()) {
                park(left);
            }
            batch.addAll(journal.read(properties.getBatchSize() - batch.size()));
        }
    }

    private void park(long nanos) {
        waiting = true;
        if (!journal.hasUnread()) {
            LockSupport.parkNanos(this, nanos);
        }
        waiting = false;
    }

    private void write(List<EventJournal.Record> records) {
        Map<UUID, List<EventLogEntry>> byWorkspace = new LinkedHashMap<>();
        boolean replayed = false;
        for (EventJournal.Record record : records) {
            EventLogEntry e = EventCodec.decode(record.payload());
            byWorkspace.computeIfAbsent(e.workspaceId(), k -> new ArrayList<>()).add(e);
            replayed |= journal.isReplayed(record);
        }
        boolean checkCommitted = replayed;
        tenantJdbc.transactions().executeWithoutResult(status -> {
            // Only these transactions skip waiting for the WAL flush: a crash of PostgreSQL may lose their
            // last moments (the journal still holds them until the checkpoint moves). Connections, keys and
            // workspaces commit synchronously.
            tenantJdbc.jdbc().execute("SET LOCAL synchronous_commit = off");
            byWorkspace.forEach((workspace, entries) -> {
                tenantJdbc.enter(workspace);
                rows.write(tenantJdbc.jdbc(), checkCommitted ? notYetWritten(entries) : entries);
            });
        });
    }

    /** Of the last run's events, those whose rows are not there yet (the run may have died after committing them). */
    private List<EventLogEntry> notYetWritten(List<EventLogEntry> entries) {
        String ids = entries.stream().map(e -> e.eventId().toString()).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}")
                .orElse("{}");
        Set<String> there = new HashSet<>(tenantJdbc.jdbc().queryForList(
                "SELECT event_id::text FROM event_logs WHERE event_id = ANY(?::uuid[])", String.class, ids));
        return entries.stream().filter(e -> !there.contains(e.eventId().toString())).toList();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "event-log-writer");
        writer.setDaemon(false);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            LockSupport.unpark(writer);
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pending() > 0) {
            log.warn("event_logs: {} events stay in the journal at shutdown (written at the next start)", pending());
        }
    }

    @Override
    public boolean isRunning() { return running; }

    /**
     * Stops after the web server (phases MAX-1024 and MAX-2048 stop first) and after Camel (stopped
     * on context close, before any lifecycle phase), and before the connection pools are destroyed.
     */
    @Override
    public int getPhase() { return Integer.MAX_VALUE - 4096; }
}
