package io.automators.connectors.events;

import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes event_logs rows off the callers' path: {@link #enqueue} only appends to an in-memory queue
 * (never blocks, never drops); one writer thread commits the queue in JDBC batches, grouped per
 * workspace under Row-Level Security, retrying a failed batch until it commits. On shutdown the
 * queue is drained before the database pool closes. What is still queued when the process is
 * killed (not stopped) is lost: the durable outbox of the analytics issue closes that gap.
 */
@Component("eventLogWriter")
public class EventLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);

    private final LinkedBlockingQueue<EventLogEntry> queue = new LinkedBlockingQueue<>();
    private final TenantJdbc tenantJdbc;
    private final EventRows rows;
    private final EventProperties properties;
    private final ActionEvents actionEvents;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean running;
    private Thread writer;

    public EventLogWriter(TenantJdbc tenantJdbc, EventRows rows, EventProperties properties,
            ActionEvents actionEvents, MeterRegistry meters) {
        this.tenantJdbc = tenantJdbc;
        this.rows = rows;
        this.properties = properties;
        this.actionEvents = actionEvents;
        if (!"local".equals(properties.getTransport())) {
            throw new IllegalStateException("automators.events.transport=" + properties.getTransport()
                    + " is not built yet; only local (in-process, Postgres) is");
        }
        meters.gauge("automators.events.queue", queue, LinkedBlockingQueue::size);
        meters.more().counter("automators.events.written", List.of(), written);
    }

    /** The wire-tap's target: the event of one finished action call. */
    public void enqueueActionCall(Exchange exchange) {
        enqueue(actionEvents.toEntry(exchange));
    }

    public void enqueue(EventLogEntry entry) {
        queue.add(entry);
    }

    /** Rows committed since start. */
    public long written() { return written.get(); }

    /** Rows waiting to be committed. */
    public int pending() { return queue.size(); }

    private void run() {
        List<EventLogEntry> batch = new ArrayList<>(properties.getBatchSize());
        long backoffMs = 100;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    EventLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, properties.getBatchSize() - 1);
                    lingerFor(batch);
                }
                write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                backoffMs = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                // Keep the batch and try again: a row is never dropped because the database hiccupped.
                log.warn("event_logs batch of {} rows not written, retrying in {} ms: {}", batch.size(), backoffMs, e.toString());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
                if (!running && backoffMs >= 5_000) {
                    log.error("event_logs: giving up on {} rows at shutdown after repeated failures", batch.size() + queue.size());
                    return;
                }
            }
        }
    }

    /** Tops a small batch up for at most linger-ms, so that a trickle of calls is not one transaction each. */
    private void lingerFor(List<EventLogEntry> batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(properties.getLingerMs());
        while (running && batch.size() < properties.getBatchSize()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            EventLogEntry next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, properties.getBatchSize() - batch.size());
        }
    }

    private void write(List<EventLogEntry> batch) {
        Map<UUID, List<EventLogEntry>> byWorkspace = new LinkedHashMap<>();
        for (EventLogEntry e : batch) {
            byWorkspace.computeIfAbsent(e.workspaceId(), k -> new ArrayList<>()).add(e);
        }
        tenantJdbc.transactions().executeWithoutResult(status -> {
            // Only these transactions skip waiting for the WAL flush: a crash may lose their last moments,
            // which the callers never waited for. Connections, keys and workspaces commit synchronously.
            tenantJdbc.jdbc().execute("SET LOCAL synchronous_commit = off");
            byWorkspace.forEach((workspace, entries) -> {
                tenantJdbc.enter(workspace);
                rows.write(tenantJdbc.jdbc(), entries);
            });
        });
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
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!queue.isEmpty()) {
            log.error("event_logs: {} rows were still queued at shutdown", queue.size());
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
