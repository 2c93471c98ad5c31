package io.automators.connectors.routing;

import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The waterfall's rules as Camel predicates, named as the route's {@code ref:} conditions name them.
 * A {@code ref} predicate is called directly; a {@code method} expression would bind the bean's
 * method by reflection on every call (bench/: Camel's per-call overhead).
 */
@Configuration(proxyBeanMethods = false)
class WaterfallPredicates {

    @Bean Predicate rule01NangoOAuth(WaterfallRules rules) { return rules::nangoOAuth; }
    @Bean Predicate rule01BuiltinOAuth(WaterfallRules rules) { return rules::builtinOAuth; }
    @Bean Predicate rule02PanoraStoredKey(WaterfallRules rules) { return rules::panoraStoredKey; }
    @Bean Predicate rule03PanoraSharedKey(WaterfallRules rules) { return rules::panoraSharedKey; }
    @Bean Predicate rule04Composio(WaterfallRules rules) { return rules::composio; }
    @Bean Predicate rule05KaotoRoute(WaterfallRules rules) { return rules::kaotoRoute; }
    @Bean Predicate rule06CustomConnector(WaterfallRules rules) { return rules::customConnector; }
    @Bean Predicate rule07AirbyteSync(WaterfallRules rules) { return rules::airbyteSync; }
    @Bean Predicate rule08SingerSync(WaterfallRules rules) { return rules::singerSync; }
    @Bean Predicate rule09MeltanoElt(WaterfallRules rules) { return rules::meltanoElt; }
    @Bean Predicate rule10StackstormDevops(WaterfallRules rules) { return rules::stackstormDevops; }
    @Bean Predicate rule11Openapi(WaterfallRules rules) { return rules::openapi; }
    @Bean Processor rule12Fallback(WaterfallRules rules) { return rules::fallback; }
}
