package io.automators.connectors.families.sql;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sql family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class SqlFamilySteps {

    @Bean Processor sqlExecuteQuery(SqlFamily family) { return family::executeQuery; }
    @Bean Processor sqlListTables(SqlFamily family) { return family::listTables; }
}
