package io.automators.connectors.families.openapi;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ConnectorFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The openapi family (rule 11): a connector described by an OpenAPI 3 document, every operation an
 * action (the catalog makes them, {@code catalog.OpenApiDocuments}), run by one route with
 * camel-rest-openapi, which builds each request from the document — path, query and header parameters
 * from the input, the body from its {@code body} — and sends it with camel-http over the declarative
 * family's pool, whose DNS is the host guard.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiFamily implements ConnectorFamily {

    @Override
    public String name() { return "openapi"; }

    @Override
    public List<String> check(ConnectorManifest m) {
        List<String> problems = new ArrayList<>();
        if (m.routingOrNone().openapi() == null) {
            problems.add("an openapi connector names its document: routing.openapi (openapi/<name>.yaml beside the manifest)");
        }
        if (m.baseUrl() == null) {
            problems.add("an openapi connector needs a base URL: the document's first server, or the manifest's baseUrl");
        } else if (m.baseUrl().contains("{")) {
            problems.add("a base URL per connection is not supported for openapi connectors yet; name one host"
                    + " (automators.connectors." + m.id() + ".base-url overrides it)");
        }
        ConnectorManifest.RequestAuth auth = m.requestAuth();
        if (auth != null && !"none".equals(auth.scheme())) {
            List<String> fields = "basic".equals(auth.scheme()) ? List.of(String.valueOf(auth.username()), String.valueOf(auth.password()))
                    : List.of(String.valueOf(auth.field()));
            boolean oauth = m.auth() != null && m.auth().isOAuth2();
            for (String field : fields) {
                if (!(oauth && "apiKey".equals(field)) && (m.auth() == null
                        || m.auth().credentialFields().stream().noneMatch(f -> f.name().equals(field)))) {
                    problems.add("the document's security (" + auth.scheme() + ") is carried in the credential field '" + field
                            + "', which the manifest does not declare");
                }
            }
            if ("query".equals(auth.scheme())) {
                problems.add("an API key in the query is not supported for openapi connectors yet (rest-openapi sends only"
                        + " the operation's own parameters); a header, bearer or basic scheme is");
            }
        }
        return problems;
    }

    /**
     * camel-rest-openapi hands each request to camel-http's REST producer, which builds its endpoint
     * from the REST configuration's endpoint properties: here, the pool whose DNS is the host guard.
     */
    @Bean
    CamelContextConfiguration restProducersOnTheGuardedPool() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                Map<String, Object> properties = new LinkedHashMap<>();
                if (camel.getRestConfiguration().getEndpointProperties() != null) {
                    properties.putAll(camel.getRestConfiguration().getEndpointProperties());
                }
                properties.put("clientConnectionManager", "#declarativeConnections");
                camel.getRestConfiguration().setEndpointProperties(properties);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                // Nothing: the producers are made at the first call.
            }
        };
    }

    @Bean Processor openapiRequest(OpenApiRequests requests) { return requests::request; }
}
