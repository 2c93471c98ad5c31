package io.automators.connectors.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An integrator's directories beside the built-ins: a route file with a built-in's relative path replaces
 * it, an added manifest and route file make a new connector, and a Kamelet of a built-in's name wins.
 */
// A context of its own that no other test class shares: closed after the class, with small pools, so the
// cached contexts of the other classes keep the embedded PostgreSQL under its max_connections (200).
@DirtiesContext
class RouteOverlayTest extends ApiTestSupport {

    private static final Path ROOT = Path.of("target/route-overlay-test/" + ProcessHandle.current().pid())
            .toAbsolutePath();

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        writeOverlay();
        registry.add("automators.catalog.directory", () -> ROOT.resolve("connectors").toString());
        registry.add("automators.routes.directory", () -> ROOT.resolve("routes").toString());
        registry.add("automators.kamelets.directory", () -> ROOT.resolve("kamelets").toString());
        registry.add("automators.connectors.acme.shared-key", () -> "acme-shared-key");
        registry.add("automators.datasource.max-pool-size", () -> "3");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate template;

    @Autowired
    ConnectorCatalog catalog;

    @Test
    void aRouteFileWithTheRelativePathOfABuiltInReplacesIt() {
        assertThat(camel.getRoute("slack-send-message").getSourceResource().getLocation())
                .isEqualTo("file:" + ROOT.resolve("routes/connectors/slack.camel.yaml"));
        assertThat(template.requestBody("direct:slack-send-message", Map.of(), String.class))
                .isEqualTo("the overlay's slack route");
    }

    @Test
    void keepsTheBuiltInsTheDirectoryDoesNotReplace() throws IOException {
        for (String id : List.of("execute-action", "waterfall", "postgresql-execute-query", "redis-get")) {
            assertThat(camel.getRoute(id)).as(id).isNotNull();
            assertThat(camel.getRoute(id).getSourceResource().getLocation()).as(id).startsWith("classpath:builtin/routes/");
        }
        List<String> ids = new ArrayList<>(BuiltinsOnlyStartTest.shippedIds());
        ids.add("acme");
        assertThat(catalog.all()).extracting(CatalogEntry::id).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void runsAnAddedConnectorThroughItsAddedRouteAndTheDirectorysKamelet() {
        assertThat(camel.getRoute("acme-ping").getSourceResource().getLocation())
                .isEqualTo("file:" + ROOT.resolve("routes/connectors/acme.camel.yaml"));
        Tenant tenant = newWorkspace("free");

        // Rule 3 (the platform's shared key) runs acme-ping, which calls kamelet:overlay-probe: the copy
        // in the Kamelets directory, not the built-in of the same name (src/test/resources/builtin/kamelets).
        Response response = call("POST", "/api/v1/connectors/acme/actions/ping", tenant.apiKey(),
                Map.of("input", Map.of("name", "x")));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("rule").asInt()).isEqualTo(3);
        assertThat(response.json().get("output").asText()).isEqualTo("from the directory's Kamelet");
    }

    private static void writeOverlay() {
        write("connectors/acme.yaml", """
                id: acme
                name: Acme
                category: testing
                version: 1.0.0
                family: http
                description: An integrator's own connector, only in the overlay directory.
                auth:
                  type: api_key
                  sharedKey: true
                  credentials:
                    - { name: apiKey, required: true, secret: true }
                actions:
                  ping:
                    description: Answers through the acme-ping route and the overlay-probe Kamelet.
                    input:
                      type: object
                      additionalProperties: false
                      properties:
                        name: { type: string }
                """);
        write("routes/connectors/slack.camel.yaml", """
                - route:
                    id: slack-send-message
                    routeConfigurationId: call-errors
                    from:
                      uri: direct:slack-send-message
                      steps:
                        - setBody:
                            constant: the overlay's slack route
                """);
        write("routes/connectors/acme.camel.yaml", """
                - route:
                    id: acme-ping
                    routeConfigurationId: call-errors
                    from:
                      uri: direct:acme-ping
                      steps:
                        - to: kamelet:overlay-probe
                """);
        write("kamelets/overlay-probe.kamelet.yaml", """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: overlay-probe
                spec:
                  definition:
                    title: Overlay probe
                    description: Answers which copy of it ran
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - setBody:
                            constant: from the directory's Kamelet
                """);
    }

    private static void write(String path, String content) {
        OverlayFiles.write(ROOT, path, content);
    }
}
