package io.automators.connectors.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kafka transport's delivery: the writer publishes each batch of the journal to the event topic,
 * keyed by workspace (one workspace's events stay in order on one partition), as the one analytics
 * schema's JSON, and the batch counts as delivered once every record is acknowledged by all in-sync
 * replicas (an idempotent producer: a retry inside the client is never a second record). A batch tried
 * again after a failure may put some records on the topic twice; the consumers store an event once.
 */
class KafkaEventPublisher implements EventDelivery {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final AnalyticsEventJson json;
    private final String topic;
    private final long timeoutMs;

    KafkaEventPublisher(EventProperties.Kafka kafka, AnalyticsEventJson json) {
        this.json = json;
        this.topic = kafka.getTopic();
        this.timeoutMs = kafka.getDeliveryTimeoutMs();
        createTopicIfMissing(kafka);
        Properties props = clientProperties(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, kafka.getDeliveryTimeoutMs()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, kafka.getDeliveryTimeoutMs());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10_000, kafka.getDeliveryTimeoutMs()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "automators-event-publisher");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The cluster's address and the operator's extra settings, shared by every client of the event topic. */
    static Properties clientProperties(EventProperties.Kafka kafka) {
        Properties props = new Properties();
        props.putAll(kafka.getProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        return props;
    }

    @Override
    public void deliver(List<EventLogEntry> events, boolean replayed) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (EventLogEntry e : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, e.workspaceId().toString(),
                    json.write(e).getBytes(StandardCharsets.UTF_8))));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the event topic " + topic + " refused a record: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the event topic " + topic + " did not acknowledge within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic);
        }
    }

    /** Acknowledged by all in-sync replicas: as durable as the cluster is. */
    @Override
    public long durabilityLagMs() { return 0; }

    @Override
    public String name() { return "the event topic " + topic; }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    /**
     * The topic is created with the configured partitions where it does not exist yet; where the runtime
     * may not create it (no ACL) or the cluster is away, the start goes on: the journal holds the events
     * until they can be published.
     */
    private static void createTopicIfMissing(EventProperties.Kafka kafka) {
        Properties props = clientProperties(kafka);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(kafka.getTopic())) {
                return;
            }
            Optional<Short> replicas = kafka.getReplicationFactor() > 0 ? Optional.of(kafka.getReplicationFactor()) : Optional.empty();
            admin.createTopics(List.of(new NewTopic(kafka.getTopic(), Optional.of(kafka.getPartitions()), replicas)))
                    .all().get(10, TimeUnit.SECONDS);
            log.info("event topic {} created ({} partitions)", kafka.getTopic(), kafka.getPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("event topic {} not created ({}); events are published once it exists", kafka.getTopic(),
                        e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} did not answer within 10 s: events stay in the journal until it does", kafka.getBootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
