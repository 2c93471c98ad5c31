package io.automators.connectors.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The event path: the journal under {@code <data-dir>/event-journal} ({@code automators.events.journal.*};
 * one runtime per journal, which it locks)
 * and the writer that empties it — into PostgreSQL ({@code automators.events.transport: local}, the
 * default) or onto the event topic, which every node's {@link EventTopicStore} stores from
 * ({@code kafka}).
 */
@Configuration(proxyBeanMethods = false)
class EventPathConfiguration {

    static final String LOCAL = "local";
    static final String KAFKA = "kafka";

    @Bean(destroyMethod = "close")
    EventJournal eventJournal(DataDirectory dataDirectory, Environment env) {
        int segmentBytes = Math.toIntExact(env.getProperty("automators.events.journal.segment-bytes", Long.class, 16L << 20));
        long maxBytes = env.getProperty("automators.events.journal.max-bytes", Long.class, 1L << 30);
        int maxSegments = (int) Math.max(2, maxBytes / segmentBytes);
        String directory = env.getProperty("automators.events.journal.directory", "");
        return new EventJournal(directory.isBlank() ? dataDirectory.resolve("event-journal") : Path.of(directory),
                segmentBytes, maxSegments);
    }

    @Bean
    PostgresEventStore postgresEventStore(TenantJdbc tenantJdbc, EventRows rows, EventProperties properties) {
        return new PostgresEventStore(tenantJdbc, rows, properties.getDurabilityLagMs());
    }

    @Bean("eventLogWriter")
    EventLogWriter eventLogWriter(EventJournal journal, PostgresEventStore postgres, EventProperties properties,
            ActionEvents actionEvents, MeterRegistry meters, ObjectMapper mapper) {
        EventDelivery delivery = switch (properties.getTransport()) {
            case LOCAL -> postgres;
            case KAFKA -> new KafkaEventPublisher(kafka(properties), new AnalyticsEventJson(mapper));
            default -> throw new IllegalStateException("automators.events.transport=" + properties.getTransport()
                    + " is not a transport: local (each node writes PostgreSQL) or kafka (docs/events.md)");
        };
        return new EventLogWriter(journal, delivery, properties, actionEvents, meters);
    }

    @Bean
    @ConditionalOnProperty(name = "automators.events.transport", havingValue = KAFKA)
    EventTopicStore eventTopicStore(EventProperties properties, PostgresEventStore postgres, ObjectMapper mapper,
            MeterRegistry meters) {
        return new EventTopicStore(properties, postgres, new AnalyticsEventJson(mapper), meters);
    }

    private static EventProperties.Kafka kafka(EventProperties properties) {
        if (properties.getKafka().getBootstrapServers().isBlank()) {
            throw new IllegalStateException("automators.events.transport=kafka needs automators.events.kafka.bootstrap-servers"
                    + " (host:port of the cluster)");
        }
        return properties.getKafka();
    }
}
