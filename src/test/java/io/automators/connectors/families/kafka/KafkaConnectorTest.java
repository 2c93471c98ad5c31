package io.automators.connectors.families.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The kafka connector against a real broker (spring-kafka-test's KRaft broker in this JVM): a record
 * published through the HTTP API arrives with its key, value and headers (and the call's traceparent); brokers on internal
 * addresses the operator did not allow are refused when connecting.
 */
@DirtiesContext
class KafkaConnectorTest extends ApiTestSupport {

    static final String TOPIC = "orders";
    static final EmbeddedKafkaKraftBroker BROKER = start();

    private static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
        broker.afterPropertiesSet();
        return broker;
    }

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @Test
    void aRecordPublishedThroughTheApiArrivesWithItsKeyValueAndHeaders() throws Exception {
        Tenant t = newWorkspace("pro");
        Response connected = call("POST", "/api/v1/connectors/kafka/connect", t.apiKey(),
                Map.of("credentials", Map.of("bootstrapServers", BROKER.getBrokersAsString())));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        String key = "order-" + UUID.randomUUID();

        Response published = call("POST", "/api/v1/connectors/kafka/actions/publish", t.apiKey(), Map.of("input", Map.of(
                "topic", TOPIC, "key", key, "value", Map.of("total", 42, "currency", "EUR"),
                "headers", Map.of("source", "workflow-7"))));

        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        assertThat(published.json().at("/output/topic").asText()).isEqualTo(TOPIC);
        long offset = published.json().at("/output/offset").asLong();
        ConsumerRecord<String, String> record = read(published.json().at("/output/partition").asInt(), offset);
        assertThat(record.key()).isEqualTo(key);
        assertThat(JSON.readTree(record.value())).isEqualTo(JSON.createObjectNode().put("total", 42).put("currency", "EUR"));
        assertThat(new String(record.headers().lastHeader("source").value(), StandardCharsets.UTF_8)).isEqualTo("workflow-7");
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .as("the record continues the call's trace").matches("00-" + published.json().get("traceId").asText() + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void refusesBrokersOnAnInternalAddressOrNotHostAndPort() {
        Tenant t = newWorkspace("pro");
        Response metadata = call("POST", "/api/v1/connectors/kafka/connect", t.apiKey(),
                Map.of("credentials", Map.of("bootstrapServers", "169.254.169.254:9092")));
        assertThat(metadata.status()).as(metadata.toString()).isEqualTo(403);
        Response garbage = call("POST", "/api/v1/connectors/kafka/connect", t.apiKey(),
                Map.of("credentials", Map.of("bootstrapServers", "broker:9092;rm -rf")));
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    private static ConsumerRecord<String, String> read(int partition, long offset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(TOPIC, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            for (int i = 0; i < 20; i++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("the record at offset " + offset + " did not arrive");
    }
}
