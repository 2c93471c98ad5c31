package io.automators.connectors.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.apache.kafka.common.errors.AuthorizationException;
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
    private final EventProperties.Kafka kafka;
    private final String topic;
    private final long timeoutMs;
    /** Only the writer thread delivers. */
    private boolean topicReady;

    KafkaEventPublisher(EventProperties.Kafka kafka, AnalyticsEventJson json) {
        this.json = json;
        this.kafka = kafka;
        this.topic = kafka.getTopic();
        this.timeoutMs = kafka.getDeliveryTimeoutMs();
        topicReady = ensureTopic(kafka);
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
        if (!topicReady) {
            topicReady = ensureTopic(kafka);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        try {
            for (EventLogEntry e : events) {
                Future<RecordMetadata> f = producer.send(new ProducerRecord<>(topic, e.workspaceId().toString(),
                        json.write(e).getBytes(StandardCharsets.UTF_8)));
                if (f.isDone()) {
                    // Failed at once (no metadata within max.block.ms: the cluster is away): the rest would wait
                    // as long each, so the batch is tried again later instead.
                    f.get();
                }
                sent.add(f);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
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
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * The topic is created with the configured partitions where it does not exist yet. True once the topic
     * is there; false where the runtime may not create it (no ACL: then the broker's auto-creation or the
     * operator makes it) or the cluster is away — the start goes on, the journal holds the events, and the
     * next delivery asks again.
     */
    private static boolean ensureTopic(EventProperties.Kafka kafka) {
        Properties props = clientProperties(kafka);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        Admin admin = Admin.create(props);
        try {
            if (admin.listTopics().names().get(5, TimeUnit.SECONDS).contains(kafka.getTopic())) {
                return true;
            }
            Optional<Short> replicas = kafka.getReplicationFactor() > 0 ? Optional.of(kafka.getReplicationFactor()) : Optional.empty();
            admin.createTopics(List.of(new NewTopic(kafka.getTopic(), Optional.of(kafka.getPartitions()), replicas)))
                    .all().get(5, TimeUnit.SECONDS);
            log.info("event topic {} created ({} partitions)", kafka.getTopic(), kafka.getPartitions());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true;
            }
            if (e.getCause() instanceof AuthorizationException) {
                log.warn("event topic {} not created ({}); events are published once it exists", kafka.getTopic(),
                        e.getCause().toString());
                return true; // no right to create it: asking again would not change that
            }
            log.warn("event topic {} not checked ({}): asked again at the next delivery", kafka.getTopic(), e.getCause().toString());
            return false;
        } catch (TimeoutException e) {
            log.warn("Kafka at {} did not answer within 5 s: events stay in the journal until it does", kafka.getBootstrapServers());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
