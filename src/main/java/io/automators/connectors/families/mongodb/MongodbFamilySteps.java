package io.automators.connectors.families.mongodb;

import io.automators.connectors.families.FamilyAction;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mongodb family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class MongodbFamilySteps {

    @Bean Processor mongodbFind(MongodbFamily family) { return FamilyAction.step(family::find); }
    @Bean Processor mongodbInsert(MongodbFamily family) { return FamilyAction.step(family::insert); }
}
