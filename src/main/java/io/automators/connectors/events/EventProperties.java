package io.automators.connectors.events;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * local: each node's writer commits its events to PostgreSQL. kafka: each node's writer publishes them
     * to the event topic, and one consumer group of all the nodes stores them (docs/events.md).
     */
    private String transport = "local";

    private final Kafka kafka = new Kafka();

    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public long getLingerMs() { return lingerMs; }
    public void setLingerMs(long lingerMs) { this.lingerMs = lingerMs; }
    public long getDurabilityLagMs() { return durabilityLagMs; }
    public void setDurabilityLagMs(long durabilityLagMs) { this.durabilityLagMs = durabilityLagMs; }
    public String getTransport() { return transport; }
    public void setTransport(String transport) { this.transport = transport; }
    public Kafka getKafka() { return kafka; }

    /** The event topic of {@code transport: kafka}. */
    public static class Kafka {

        /** host:port[,host:port…] of the cluster; required with transport kafka. */
        private String bootstrapServers = "";

        private String topic = "automators.events";

        /** The consumer group of every node's event store: each event is stored by one of them. */
        private String groupId = "automators-event-store";

        /** Partitions of the topic when the runtime creates it (it is keyed by workspace). */
        private int partitions = 12;

        /** Replicas of the topic when the runtime creates it; -1 is the broker's default. */
        private short replicationFactor = -1;

        /** How long a publish may take before the writer tries the batch again. */
        private int deliveryTimeoutMs = 30_000;

        /**
         * More client settings for the producer, the consumer and the admin client alike (security.protocol,
         * sasl.mechanism, sasl.jaas.config, ssl.*): the runtime logs none of their values.
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getBootstrapServers() { return bootstrapServers; }
        public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }
        public String getTopic() { return topic; }
        public void setTopic(String topic) { this.topic = topic; }
        public String getGroupId() { return groupId; }
        public void setGroupId(String groupId) { this.groupId = groupId; }
        public int getPartitions() { return partitions; }
        public void setPartitions(int partitions) { this.partitions = partitions; }
        public short getReplicationFactor() { return replicationFactor; }
        public void setReplicationFactor(short replicationFactor) { this.replicationFactor = replicationFactor; }
        public int getDeliveryTimeoutMs() { return deliveryTimeoutMs; }
        public void setDeliveryTimeoutMs(int deliveryTimeoutMs) { this.deliveryTimeoutMs = deliveryTimeoutMs; }
        public Map<String, String> getProperties() { return properties; }
        public void setProperties(Map<String, String> properties) { this.properties = properties; }
    }
}
