package io.automators.connectors.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The event pipeline. */
@ConfigurationProperties("automators.events")
public class EventProperties {

    /** Most event_logs rows committed in one JDBC batch. */
    private int batchSize = 1000;

    /**
     * How long the writer waits for more rows when a batch is not full: fewer, larger transactions
     * at moderate rates (the database's CPU per row), for at most this much more lag.
     */
    private long lingerMs = 10;

    /**
     * How long after a batch's commit the journal still keeps its events: longer than PostgreSQL may take
     * to flush a transaction committed with synchronous_commit off (three wal_writer_delay, 600 ms by default).
     */
    private long durabilityLagMs = 1000;

    /** local (in-process, Postgres); kafka is not built yet and refuses to start. */
    private String transport = "local";

    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public long getLingerMs() { return lingerMs; }
    public void setLingerMs(long lingerMs) { this.lingerMs = lingerMs; }
    public long getDurabilityLagMs() { return durabilityLagMs; }
    public void setDurabilityLagMs(long durabilityLagMs) { this.durabilityLagMs = durabilityLagMs; }
    public String getTransport() { return transport; }
    public void setTransport(String transport) { this.transport = transport; }
}
