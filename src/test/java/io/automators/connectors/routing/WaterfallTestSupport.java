package io.automators.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.InputSchema;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.security.Workspace;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Drives the real {@code route-decide} YAML route with hand-built connectors, exactly as
 * CallPath.prepare builds the exchange, so each rule can be put in front of the waterfall
 * without a manifest file or a database row.
 */
abstract class WaterfallTestSupport extends ApiTestSupport {

    static final String ACTION = "do_it";
    private static final JsonNode ANY_OBJECT = JSON.createObjectNode().put("type", "object");

    @Autowired
    protected CamelContext camelContext;

    @Autowired
    protected ProducerTemplate template;

    /** What one decide call left on its exchange. */
    record Decided(WaterfallDecision decision, Exchange exchange) {}

    /** A connector and its one action, with the auth, routing hints and action kind a rule reads. */
    static final class Connector {
        private final String id;
        private String authType = "none";
        private boolean builtinOAuth;
        private boolean sharedKey;
        private String kind;
        private boolean custom;
        private String composioTool;
        private String kaotoRoute;
        private String airbyteConnection;
        private String singerTap;
        private String meltanoPipeline;
        private String stackstormAction;
        private String openapi;
        private Map<String, ConnectorManifest.UnifiedCall> panora;

        private Connector(String id) { this.id = id; }

        Connector auth(String type) { this.authType = type; return this; }
        Connector builtinOAuth() { this.builtinOAuth = true; return this; }
        Connector sharedKey() { this.sharedKey = true; return this; }
        Connector kind(String kind) { this.kind = kind; return this; }
        Connector custom() { this.custom = true; return this; }
        Connector composioTool(String tool) { this.composioTool = tool; return this; }
        Connector kaotoRoute(String route) { this.kaotoRoute = route; return this; }
        Connector airbyteConnection(String connection) { this.airbyteConnection = connection; return this; }
        Connector singerTap(String tap) { this.singerTap = tap; return this; }
        Connector meltanoPipeline(String pipeline) { this.meltanoPipeline = pipeline; return this; }
        Connector stackstormAction(String action) { this.stackstormAction = action; return this; }
        Connector openapi(String document) { this.openapi = document; return this; }
        Connector panora() {
            this.panora = Map.of(ACTION, new ConnectorManifest.UnifiedCall("POST", "/crm/contacts", null, null, null));
            return this;
        }

        CatalogEntry entry() {
            ConnectorManifest.Action spec = new ConnectorManifest.Action("an action for the waterfall tests", kind,
                    ANY_OBJECT, null, false, null, null, null);
            ConnectorManifest manifest = new ConnectorManifest(id, id, "test", "1.0.0", "a hand-built connector", "http",
                    new ConnectorManifest.Auth(authType, null, null, builtinOAuth ? new ConnectorManifest.BuiltinOAuth(
                            "https://auth.test/authorize", "https://auth.test/token", List.of("mail"), Map.of(), false)
                            : null, sharedKey, List.of()), null, null,
                    new ConnectorManifest.Routing(composioTool, kaotoRoute, airbyteConnection, singerTap,
                            meltanoPipeline, stackstormAction, openapi, null, null, panora),
                    Map.of(ACTION, spec), null, null, null);
            CatalogEntry.ActionEntry action = new CatalogEntry.ActionEntry(ACTION, spec,
                    InputSchema.of(ANY_OBJECT),
                    id + "-do-it");
            return new CatalogEntry(manifest, Map.of(ACTION, action), custom);
        }
    }

    static Connector connector(String id) {
        return new Connector(id);
    }

    /** A connection that exists in no database: a decide call must never need to read it. */
    static Optional<Connection> connection(String connectorId, String kind, List<String> fields) {
        return Optional.of(new Connection(UUID.randomUUID(), connectorId, "test connection", kind, true,
                OffsetDateTime.now(), Connection.CONNECTED, OffsetDateTime.now(), null, null, fields));
    }

    static Optional<Connection> connection(String connectorId, String kind) {
        return Optional.of(new Connection(UUID.randomUUID(), connectorId, "test connection", kind, true,
                OffsetDateTime.now(), Connection.CONNECTED, OffsetDateTime.now(), null, null,
                "credentials".equals(kind) ? List.of("apiKey") : null));
    }

    static CallContext context(boolean visualWorkflow, String complexity) {
        return new CallContext(null, null, null, null, null, visualWorkflow, complexity);
    }

    Decided decide(Connector connector, String plan, CallContext context, Optional<Connection> connection) {
        CatalogEntry entry = connector.entry();
        CatalogEntry.ActionEntry action = entry.actions().get(ACTION);
        Workspace workspace = new Workspace(UUID.randomUUID(), UUID.randomUUID(), plan, "test-user");
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getIn().setBody(Map.of());
        exchange.setProperty(ExchangeNames.REQUEST, new RoutingRequest(workspace, entry, action, context, connection));
        exchange.setProperty(ExchangeNames.DECISION, new WaterfallDecision());
        exchange.setProperty(ExchangeNames.ACTION_ROUTE, action.route());
        exchange.setProperty(ExchangeNames.TRACE_ID, "waterfall-test");
        template.send("direct:route-decide", exchange);
        // A decide call answers its decision and nothing else: any failure would mean a provider route ran.
        assertThat(exchange.getException()).as("failure of the decide call").isNull();
        // The decide-only route configuration swallowed the send to direct:provider-*.
        assertThat(exchange.getProperty(ExchangeNames.DECIDED, Boolean.class)).isTrue();
        return new Decided(exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class), exchange);
    }

    Decided decide(Connector connector) {
        return decide(connector, "free", CallContext.EMPTY, Optional.empty());
    }

    static void assertDecision(WaterfallDecision decision, int rule, String ruleName, String provider,
            Integer... skippedRules) {
        assertThat(decision.getRule()).as("rule").isEqualTo(rule);
        assertThat(decision.getRuleName()).as("rule name").isEqualTo(ruleName);
        assertThat(decision.getProvider()).as("provider").isEqualTo(provider);
        assertThat(decision.getSkipped()).extracting(WaterfallDecision.Skipped::rule).as("skipped rules")
                .containsExactly(skippedRules);
        assertThat(decision.getSkipped()).allSatisfy(s -> assertThat(s.reason()).as("reason of rule " + s.rule())
                .isNotBlank());
    }

    static String reasonOf(WaterfallDecision decision, int rule) {
        return decision.getSkipped().stream().filter(s -> s.rule() == rule).map(WaterfallDecision.Skipped::reason)
                .findFirst().orElseThrow(() -> new AssertionError("rule " + rule + " was not skipped: " + decision.getSkipped()));
    }

    /** Loads a one-step route under the id a manifest's routing.kaotoRoute names, for the test's duration. */
    AutoCloseable loadRoute(String routeId) throws Exception {
        camelContext.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + routeId).routeId(routeId).setBody(constant("ran by " + routeId));
            }
        });
        return () -> {
            camelContext.getRouteController().stopRoute(routeId);
            camelContext.removeRoute(routeId);
        };
    }

    static Integer[] rules(int fromInclusive, int toInclusive) {
        return java.util.stream.IntStream.rangeClosed(fromInclusive, toInclusive).boxed().toArray(Integer[]::new);
    }
}
