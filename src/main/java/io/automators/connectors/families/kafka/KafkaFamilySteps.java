package io.automators.connectors.families.kafka;

import io.automators.connectors.families.FamilyAction;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kafka family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class KafkaFamilySteps {

    @Bean Processor kafkaPublish(KafkaFamily family) { return FamilyAction.step(family::publish); }
}
