package io.automators.connectors.families.redis;

import io.automators.connectors.families.FamilyAction;
import io.automators.connectors.observability.DownstreamSpans;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The redis family's actions as processors, named in the connectors' routes with {@code process: ref}. */
@Configuration(proxyBeanMethods = false)
class RedisFamilySteps {

    @Bean Processor redisGet(RedisFamily family, DownstreamSpans spans) {
        return FamilyAction.step(spans.database("redis", "get"), family::get);
    }
    @Bean Processor redisSet(RedisFamily family, DownstreamSpans spans) {
        return FamilyAction.step(spans.database("redis", "set"), family::set);
    }
}
