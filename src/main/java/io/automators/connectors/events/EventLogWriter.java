package io.automators.connectors.events;

import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Takes events off the callers' path. {@link #enqueue} appends the event to the {@link EventJournal} (a
 * copy into memory-mapped files: it never waits for the database or the broker, and a killed process
 * loses nothing appended); one writer thread reads the journal in order, hands batches to its
 * {@link EventDelivery} — PostgreSQL's event_logs rows (with their outbox rows), or the event topic —
 * and then moves the journal's checkpoint past them once the delivery is surely durable. A failed batch
 * is kept and tried again until it is delivered, however long the destination is away: the journal
 * holds the rest, on disk, up to its bound, and memory holds one batch. At start, what the last run left
 * between the checkpoint and the journal's end is delivered first — once: a destination recognises the
 * events it already has by their UUID.
 * A full journal refuses new events: they are counted ({@code automators_events_dropped_total}) and
 * logged, and the calls are still answered.
 */
public class EventLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);

    private final EventJournal journal;
    private final EventDelivery delivery;
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
    private Thread writer;

    /** The local transport: the events go straight into PostgreSQL. */
    public EventLogWriter(EventJournal journal, TenantJdbc tenantJdbc, EventRows rows, EventProperties properties,
            ActionEvents actionEvents, MeterRegistry meters) {
        this(journal, new PostgresEventStore(tenantJdbc, rows, properties.getDurabilityLagMs()), properties, actionEvents, meters);
    }

    EventLogWriter(EventJournal journal, EventDelivery delivery, EventProperties properties, ActionEvents actionEvents,
            MeterRegistry meters) {
        this.journal = journal;
        this.delivery = delivery;
        this.properties = properties;
        this.actionEvents = actionEvents;
        appended.set(journal.replayed());
        durabilityLagNanos = TimeUnit.MILLISECONDS.toNanos(delivery.durabilityLagMs());
        meters.gauge("automators.events.queue", this, EventLogWriter::pending);
        meters.gauge("automators.events.journal.bytes", journal, EventJournal::sizeBytes);
        meters.more().counter("automators.events.written", List.of(), written);
        dropped = meters.counter("automators.events.dropped");
        if (journal.replayed() > 0) {
            log.info("event journal: {} events of the last run kept; delivered to {} first (those it already has are skipped)",
                    journal.replayed(), delivery.name());
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
                        + " {} takes the backlog; {} dropped so far", journal.sizeBytes(), delivery.name(), (long) dropped.count());
            }
            return;
        }
        // No wake-up of the writer: it looks again within linger-ms, and an unpark is a system call on the
        // caller's thread (tens of microseconds on a small VM: bench/).
        appended.incrementAndGet();
    }

    /** Events delivered since start (rows committed, or records the broker acknowledged). */
    public long written() { return written.get(); }

    /** Events in the journal not yet delivered. */
    public long pending() { return Math.max(0, appended.get() - written.get()); }

    /** Events refused because the journal was full. */
    public long dropped() { return (long) dropped.count(); }

    private void run() {
        List<EventJournal.Record> batch = new ArrayList<>(properties.getBatchSize());
        long backoffMs = 100;
        while (running || journal.hasUnread() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    journal.prepareNextSegment();
                    batch.addAll(journal.read(properties.getBatchSize()));
                    if (batch.isEmpty()) {
                        advanceCheckpoint();
                        park(TimeUnit.MILLISECONDS.toNanos(Math.max(1, properties.getLingerMs())));
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
                log.warn("a batch of {} events not delivered to {}, retrying in {} ms: {}", batch.size(), delivery.name(),
                        backoffMs, e.toString());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
                if (!running && backoffMs >= 5_000) {
                    log.error("{}: {} events stay in the journal at shutdown (delivered at the next start)",
                            delivery.name(), pending());
                    return;
                }
            }
        }
    }

    /**
     * A delivery may be acknowledged before it is durable — the local writer commits without waiting for
     * the WAL flush, so PostgreSQL may lose its last moments if it crashes (at most three WAL-writer delays,
     * 600 ms by default): the journal's checkpoint moves past a batch only once the delivery's lag has
     * passed since. After a crash of both, the next start delivers those events again, and the destination
     * skips the ones it kept.
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
        if (running && !journal.hasUnread()) {
            LockSupport.parkNanos(this, nanos);
        }
    }

    private void write(List<EventJournal.Record> records) {
        List<EventLogEntry> events = new ArrayList<>(records.size());
        boolean replayed = false;
        for (EventJournal.Record record : records) {
            events.add(EventCodec.decode(record.payload()));
            replayed |= journal.isReplayed(record);
        }
        delivery.deliver(events, replayed);
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
        delivery.close();
        if (pending() > 0) {
            log.warn("{}: {} events stay in the journal at shutdown (delivered at the next start)", delivery.name(), pending());
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
