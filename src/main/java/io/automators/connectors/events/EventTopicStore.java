package io.automators.connectors.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The kafka transport's other half, on every node: one consumer of the event topic in the nodes'
 * shared group, so each partition — each workspace's events — is stored by one node at a time. A polled
 * batch is stored in one transaction (event_logs rows and their outbox rows, committed with the WAL
 * flushed), and only then are its offsets committed; a batch is tried again until it is stored or the
 * node stops. Whatever a node polled and did not commit — it stopped, died, or lost the partition in a
 * rebalance — is polled again by whichever node has the partition next, and events already stored are
 * recognised by their UUID: each event is one row, and one outbox row per sink.
 *
 * <p>A plain consumer rather than camel-kafka's: its batch mode logs a failed batch and goes on, so the
 * next batch's commit would move past events that were never stored.
 */
class EventTopicStore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventTopicStore.class);

    private final EventProperties.Kafka kafka;
    private final PostgresEventStore store;
    private final AnalyticsEventJson json;
    private final int batchSize;
    private final MeterRegistry meters;
    private final Counter stored;
    private final Counter undecodable;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    EventTopicStore(EventProperties properties, PostgresEventStore store, AnalyticsEventJson json, MeterRegistry meters) {
        this.kafka = properties.getKafka();
        this.store = store;
        this.json = json;
        this.batchSize = properties.getBatchSize();
        this.meters = meters;
        this.stored = meters.counter("automators.events.stored_from_topic");
        this.undecodable = meters.counter("automators.events.undecodable");
    }

    /** Events this node stored from the topic since it started. */
    long stored() { return (long) stored.count(); }

    private void run() {
        Properties props = KafkaEventPublisher.clientProperties(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.getGroupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "automators-event-store");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaClientMetrics metrics = new KafkaClientMetrics(c)) {
            metrics.bindTo(meters);
            consumer = c;
            c.subscribe(List.of(kafka.getTopic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                if (!storeUntilDone(decode(records))) {
                    return; // stopping: not committed, so polled again by the next owner of these partitions
                }
                try {
                    c.commitSync(nextOffsets(records));
                } catch (WakeupException stopping) {
                    throw stopping;
                } catch (RuntimeException e) {
                    // Lost the partitions in a rebalance: their next owner polls these records again and skips them.
                    log.info("event topic: offsets of {} stored events not committed ({}); the next owner skips them",
                            records.count(), e.toString());
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll.
        } catch (RuntimeException e) {
            log.error("event topic consumer stopped: {}", e.toString(), e);
        } finally {
            consumer = null;
        }
    }

    private List<EventLogEntry> decode(ConsumerRecords<String, byte[]> records) {
        List<EventLogEntry> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(json.read(record.value()));
            } catch (RuntimeException e) {
                // Not an event of this runtime's schema (another producer on the topic): skipped, counted, logged.
                undecodable.increment();
                log.error("event topic {}-{} offset {}: not an event ({}); skipped", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        return events;
    }

    /** True once stored; false when the node stops first. */
    private boolean storeUntilDone(List<EventLogEntry> events) {
        long backoffMs = 100;
        while (running) {
            try {
                store.store(events, true, true);
                stored.increment(events.size());
                return true;
            } catch (RuntimeException e) {
                log.warn("{} events from the topic not stored, retrying in {} ms: {}", events.size(), backoffMs, e.toString());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        return false;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> of = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        return offsets;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "event-topic-store");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() { return running; }

    /** Stops with the event writer, before the connection pools are destroyed. */
    @Override
    public int getPhase() { return Integer.MAX_VALUE - 4096; }
}
