package io.automators.connectors.families.kafka;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.families.ClientCache;
import io.automators.connectors.families.ConnectorFamily;
import io.automators.connectors.security.HostGuard;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The kafka family: a workspace's own brokers. One producer per connection (idempotent, acks=all),
 * built only from the fields below — a tenant never adds a client property; every bootstrap broker
 * is checked by the host guard when connecting and before a producer is made. Credentials:
 * {@code bootstrapServers} (host:port, comma-separated), {@code securityProtocol} (PLAINTEXT, SSL,
 * SASL_PLAINTEXT, SASL_SSL), {@code saslMechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512),
 * {@code username}, {@code password}.
 */
@Component("kafkaFamily")
public class KafkaFamily implements ConnectorFamily {

    static final Set<String> FIELDS = Set.of("bootstrapServers", "securityProtocol", "saslMechanism", "username", "password");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Pattern BROKER = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+\\]):([0-9]{1,5})");
    private static final long SEND_TIMEOUT_MS = 15_000;

    private final HostGuard hostGuard;
    private final ClientCache<KafkaProducer<String, String>> producers = new ClientCache<>(p -> p.close(java.time.Duration.ofSeconds(5)));

    public KafkaFamily(HostGuard hostGuard) {
        this.hostGuard = hostGuard;
    }

    @Override
    public String name() { return "kafka"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        List<String> errors = new ArrayList<>();
        if (manifest.dialect() != null) {
            errors.add("a dialect is for the sql family only");
        }
        manifest.auth().credentialFields().stream().filter(f -> !FIELDS.contains(f.name()))
                .forEach(f -> errors.add("credential field " + f.name() + " is not one the kafka family reads " + FIELDS));
        return errors;
    }

    /** Every bootstrap broker, parsed and checked by the host guard (when connecting, and before a producer). */
    public List<String> checkBrokers(Map<String, String> credentials) {
        String servers = credentials.get("bootstrapServers");
        if (servers == null || servers.isBlank()) {
            throw CallFailure.invalidInputAt("/credentials/bootstrapServers", "is required (host:port, comma-separated)");
        }
        List<String> brokers = new ArrayList<>();
        for (String broker : servers.split(",")) {
            var m = BROKER.matcher(broker.strip());
            if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
                throw CallFailure.invalidInputAt("/credentials/bootstrapServers", "'" + broker.strip() + "' is not host:port");
            }
            String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            hostGuard.check(host, Integer.parseInt(m.group(2)));
            brokers.add(broker.strip());
        }
        if (brokers.size() > 20) {
            throw CallFailure.invalidInputAt("/credentials/bootstrapServers", "at most 20 brokers");
        }
        String protocol = credentials.getOrDefault("securityProtocol", "PLAINTEXT");
        if (!PROTOCOLS.contains(protocol)) {
            throw CallFailure.invalidInputAt("/credentials/securityProtocol", "one of " + PROTOCOLS);
        }
        if (protocol.startsWith("SASL") && !MECHANISMS.contains(credentials.getOrDefault("saslMechanism", "PLAIN"))) {
            throw CallFailure.invalidInputAt("/credentials/saslMechanism", "one of " + MECHANISMS);
        }
        return brokers;
    }

    /** publish: one record (key, value, headers) to a topic; answers where it was written. */
    public Map<String, Object> publish(Map<String, String> credentials, String connectionId, Map<String, Object> input) {
        String topic = (String) input.get("topic");
        Object value = input.get("value");
        String text = value instanceof String s ? s : value == null ? null : toJson(value);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, (String) input.get("key"), text);
        if (input.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((name, headerValue) -> record.headers().add(new RecordHeader(String.valueOf(name),
                    String.valueOf(headerValue).getBytes(StandardCharsets.UTF_8))));
        }
        // The record carries the call's trace, as every HTTP call out does: a consumer that reads traceparent
        // continues it. Ours replaces one the input named (a trace is not the tenant's to choose).
        W3CTraceContextPropagator.getInstance().inject(Context.current(), record.headers(),
                (carrier, name, traceValue) -> carrier.remove(name).add(name, traceValue.getBytes(StandardCharsets.UTF_8)));
        KafkaProducer<String, String> producer = producers.get(connectionId, credentials, () -> producer(credentials));
        try {
            RecordMetadata written = producer.send(record).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("topic", written.topic());
            answer.put("partition", written.partition());
            answer.put("offset", written.offset());
            answer.put("timestamp", written.timestamp());
            return answer;
        } catch (TimeoutException e) {
            throw CallFailure.timeout("the brokers did not acknowledge the record in time", null);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (KafkaException e) {
            throw translate(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CallFailure.unavailable("interrupted while publishing", null);
        }
    }

    private KafkaProducer<String, String> producer(Map<String, String> credentials) {
        List<String> brokers = checkBrokers(credentials);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "automators-connectors");
        String protocol = credentials.getOrDefault("securityProtocol", "PLAINTEXT");
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL")) {
            String mechanism = credentials.getOrDefault("saslMechanism", "PLAIN");
            String module = "PLAIN".equals(mechanism) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put("sasl.mechanism", mechanism);
            props.put("sasl.jaas.config", module + " required username=\"" + jaasEscape(credentials.get("username"))
                    + "\" password=\"" + jaasEscape(credentials.get("password")) + "\";");
        }
        return new KafkaProducer<>(props);
    }

    private static String jaasEscape(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static CallFailure translate(Throwable failure) {
        if (failure instanceof AuthenticationException || failure instanceof AuthorizationException) {
            return CallFailure.vendorRefused("Kafka", 403, failure.getClass().getSimpleName(), "the brokers refused the"
                    + " connection's credentials or its rights on the topic", null);
        }
        if (failure instanceof InvalidTopicException || failure instanceof RecordTooLargeException) {
            return CallFailure.vendorRefused("Kafka", 400, failure.getClass().getSimpleName(), failure.getMessage(), null);
        }
        if (failure instanceof org.apache.kafka.common.errors.TimeoutException) {
            return CallFailure.timeout("the brokers did not answer in time (unreachable, or the topic does not exist)", null);
        }
        return CallFailure.vendorFailed("Kafka failed to write the record: " + failure.getClass().getSimpleName(), null);
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CallFailure.invalidInputAt("/value", "cannot be written as JSON");
        }
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        producers.evict(removed.connectionId().toString());
    }

    @PreDestroy
    void close() {
        producers.closeAll();
    }
}
