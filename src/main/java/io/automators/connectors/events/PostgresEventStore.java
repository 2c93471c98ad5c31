package io.automators.connectors.events;

import io.automators.connectors.storage.TenantJdbc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores events as event_logs rows (and their outbox rows): one transaction for a batch, grouped per
 * workspace under Row-Level Security. The local transport's delivery, and what the event topic's
 * consumer stores with.
 */
public class PostgresEventStore implements EventDelivery {

    private final TenantJdbc tenantJdbc;
    private final EventRows rows;
    private final long durabilityLagMs;

    public PostgresEventStore(TenantJdbc tenantJdbc, EventRows rows, long durabilityLagMs) {
        this.tenantJdbc = tenantJdbc;
        this.rows = rows;
        this.durabilityLagMs = durabilityLagMs;
    }

    /**
     * The writer's transactions skip waiting for the WAL flush (the journal keeps the batch for
     * {@link #durabilityLagMs}); only replayed events are looked up first.
     */
    @Override
    public void deliver(List<EventLogEntry> events, boolean replayed) {
        store(events, false, replayed);
    }

    @Override
    public long durabilityLagMs() { return durabilityLagMs; }

    @Override
    public String name() { return "event_logs"; }

    /**
     * Stores the events in one transaction. {@code waitForFlush}: the commit returns once PostgreSQL has
     * flushed it (whoever acknowledges the events after this call needs that); otherwise only this
     * transaction commits with synchronous_commit off — connections, keys and workspaces never do.
     * {@code skipStored}: events whose rows are already there (by UUID) are left out, so an event
     * delivered twice is one row and one set of outbox rows.
     */
    void store(List<EventLogEntry> events, boolean waitForFlush, boolean skipStored) {
        Map<UUID, List<EventLogEntry>> byWorkspace = new LinkedHashMap<>();
        for (EventLogEntry e : events) {
            byWorkspace.computeIfAbsent(e.workspaceId(), k -> new ArrayList<>()).add(e);
        }
        tenantJdbc.transactions().executeWithoutResult(status -> {
            if (!waitForFlush) {
                tenantJdbc.jdbc().execute("SET LOCAL synchronous_commit = off");
            }
            byWorkspace.forEach((workspace, entries) -> {
                tenantJdbc.enter(workspace);
                rows.write(tenantJdbc.jdbc(), skipStored ? notYetStored(entries) : entries);
            });
        });
    }

    /** Of these events, those whose rows are not there yet. */
    private List<EventLogEntry> notYetStored(List<EventLogEntry> entries) {
        String ids = entries.stream().map(e -> e.eventId().toString()).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}")
                .orElse("{}");
        Set<String> there = new HashSet<>(tenantJdbc.jdbc().queryForList(
                "SELECT event_id::text FROM event_logs WHERE event_id = ANY(?::uuid[])", String.class, ids));
        return entries.stream().filter(e -> !there.contains(e.eventId().toString())).toList();
    }
}
