package io.automators.connectors.families.kafka;

import io.automators.connectors.families.FamilyAction;
import io.automators.connectors.observability.DownstreamSpans;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kafka family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class KafkaFamilySteps {

    @Bean Processor kafkaPublish(KafkaFamily family, DownstreamSpans spans) {
        return FamilyAction.step(spans.messaging("kafka", "publish"), family::publish);
    }
}
