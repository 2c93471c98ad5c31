package io.automators.connectors.families.mongodb;

import io.automators.connectors.families.FamilyAction;
import io.automators.connectors.observability.DownstreamSpans;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mongodb family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class MongodbFamilySteps {

    @Bean Processor mongodbFind(MongodbFamily family, DownstreamSpans spans) {
        return FamilyAction.step(spans.database("mongodb", "find"), family::find);
    }
    @Bean Processor mongodbInsert(MongodbFamily family, DownstreamSpans spans) {
        return FamilyAction.step(spans.database("mongodb", "insert"), family::insert);
    }
}
