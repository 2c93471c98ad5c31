package io.automators.connectors.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The event pipeline. */
@ConfigurationProperties("automators.events")
public class EventProperties {

    /** Most event_logs rows committed in one JDBC batch. */
    private int batchSize = 1000;

    /** local (in-process, Postgres) or kafka. */
    private String transport = "local";

    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public String getTransport() { return transport; }
    public void setTransport(String transport) { this.transport = transport; }
}
