package io.automators.connectors.families.sql;

import io.automators.connectors.observability.DownstreamSpans;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sql family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class SqlFamilySteps {

    @Bean Processor sqlExecuteQuery(SqlFamily family, DownstreamSpans spans) {
        return exchange -> spans.database(family.system(exchange), "execute_query").run(() -> {
            family.executeQuery(exchange);
            return null;
        });
    }

    @Bean Processor sqlListTables(SqlFamily family, DownstreamSpans spans) {
        return exchange -> spans.database(family.system(exchange), "list_tables").run(() -> {
            family.listTables(exchange);
            return null;
        });
    }
}
