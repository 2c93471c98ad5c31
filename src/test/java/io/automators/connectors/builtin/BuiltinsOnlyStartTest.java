package io.automators.connectors.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The runtime started where none of its directories exist (a jar run from anywhere): every built-in
 * connector and route comes from the jar's class path, with its route configurations applied.
 */
// A context of its own that no other test class shares: closed after the class, with small pools, so the
// cached contexts of the other classes keep the embedded PostgreSQL under its max_connections (200).
@DirtiesContext
@TestPropertySource(properties = {
        "automators.datasource.max-pool-size=3",
        "automators.catalog.directory=target/no-such-directory/config/connectors",
        "automators.routes.directory=target/no-such-directory/routes",
        "automators.kamelets.directory=target/no-such-directory/kamelets"})
class BuiltinsOnlyStartTest extends ApiTestSupport {

    private static final String BUILTIN_ROUTES = "classpath:builtin/routes/";

    @Autowired
    ConnectorCatalog catalog;

    @Autowired
    CamelContext camel;

    @Test
    void hasEveryBuiltInConnectorWithTheBuiltInRouteOfEachAction() throws IOException {
        assertThat(Path.of("target/no-such-directory")).doesNotExist();
        assertThat(catalog.all()).extracting(CatalogEntry::id).containsExactlyInAnyOrderElementsOf(shippedIds())
                .contains("postgresql", "mysql", "mongodb", "redis", "slack");
        for (CatalogEntry entry : catalog.all()) {
            if ("backend".equals(entry.manifest().family())) {
                continue; // run by a backend's provider route (CatalogLintTest), no route of its own
            }
            entry.actions().values().forEach(action -> {
                Route route = camel.getRoute(action.route());
                assertThat(route).as(entry.id() + "." + action.name()).isNotNull();
                assertThat(route.getSourceResource().getLocation()).as(action.route())
                        .isEqualTo(BUILTIN_ROUTES + "connectors/" + entry.id() + ".camel.yaml");
            });
        }
    }

    @Test
    void loadsTheRuntimeRoutesFromTheJarWithTheirRouteConfigurations() {
        for (String id : List.of("execute-action", "route-decide", "waterfall", "provider-runtime-stored-key",
                "slack-send-message", "postgresql-execute-query")) {
            assertThat(camel.getRoute(id)).as(id).isNotNull();
            assertThat(camel.getRoute(id).getSourceResource().getLocation()).as(id).startsWith(BUILTIN_ROUTES);
        }
        assertThat(camel.getRoute("waterfall").getConfigurationId()).isEqualTo("decide-only,call-errors");
        assertThat(camel.getRoute("execute-action").getConfigurationId()).isEqualTo("call-errors");
        ModelCamelContext model = (ModelCamelContext) camel;
        RouteConfigurationDefinition callErrors = model.getRouteConfigurationDefinition("call-errors");
        // routes/errors.camel.yaml: no error handler, failures go back to the API untouched.
        assertThat(callErrors.getErrorHandler().getErrorHandlerType()).isInstanceOf(NoErrorHandlerDefinition.class);
        RouteConfigurationDefinition decideOnly = model.getRouteConfigurationDefinition("decide-only");
        // routes/waterfall.camel.yaml: the send to direct:provider-* is skipped for a decide-only call.
        assertThat(decideOnly.getInterceptSendTos()).extracting(i -> i.getUri()).containsExactly("direct:provider-*");
    }

    @Test
    void decidesThroughTheBuiltInWaterfallWithoutRunningAProvider() {
        Tenant tenant = newWorkspace("free");

        // decide-only (routes/waterfall.camel.yaml) stops the call before direct:provider-fallback would answer 422.
        Response decision = call("POST", "/api/v1/route/decide", tenant.apiKey(),
                Map.of("connector", "slack", "action", "send_message"));

        assertThat(decision.status()).as(decision.toString()).isEqualTo(200);
        assertThat(decision.json().get("rule").asInt()).isEqualTo(12);
        assertThat(decision.json().get("provider").asText()).isEqualTo("none");
    }

    static List<String> shippedIds() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config/connectors"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).toList();
        }
    }
}
