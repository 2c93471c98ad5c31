package io.automators.connectors.events;

import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The event path: the journal under {@code <data-dir>/event-journal} ({@code automators.events.journal.*})
 * and the writer that empties it into PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
class EventPathConfiguration {

    @Bean(destroyMethod = "close")
    EventJournal eventJournal(DataDirectory dataDirectory, Environment env) {
        int segmentBytes = Math.toIntExact(env.getProperty("automators.events.journal.segment-bytes", Long.class, 16L << 20));
        long maxBytes = env.getProperty("automators.events.journal.max-bytes", Long.class, 1L << 30);
        int maxSegments = (int) Math.max(2, maxBytes / segmentBytes);
        return new EventJournal(dataDirectory.resolve("event-journal"), segmentBytes, maxSegments);
    }

    @Bean("eventLogWriter")
    EventLogWriter eventLogWriter(EventJournal journal, TenantJdbc tenantJdbc, EventRows rows, EventProperties properties,
            ActionEvents actionEvents, MeterRegistry meters) {
        return new EventLogWriter(journal, tenantJdbc, rows, properties, actionEvents, meters);
    }
}
