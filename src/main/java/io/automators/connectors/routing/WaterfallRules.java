package io.automators.connectors.routing;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.observability.TraceAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The twelve rules' predicates, called in order by the {@code waterfall} route's choice. A rule
 * fires when its condition holds AND its backend is available; otherwise it records why it was
 * skipped on the exchange's {@link WaterfallDecision} and the walk goes on.
 */
@Component("waterfallRules")
public class WaterfallRules {

    private static final AttributeKey<String> RULE_NAME = AttributeKey.stringKey("routing.rule_name");

    private final BackendAvailability backends;
    private final CamelContext camel;
    private final Environment environment;

    public WaterfallRules(BackendAvailability backends, CamelContext camel, Environment environment) {
        this.backends = backends;
        this.camel = camel;
        this.environment = environment;
    }

    /**
     * Rule 1: OAuth2 connectors get their token from Nango; where Nango is not configured or its
     * breaker is open, or the workspace connected with the built-in OAuth client, the next branch
     * ({@link #builtinOAuth}) takes the call instead.
     */
    public boolean nangoOAuth(Exchange exchange) {
        Walk w = new Walk(exchange, 1, "nango-oauth");
        ConnectorManifest.Auth auth = w.request.connector().manifest().auth();
        if (!auth.isOAuth2()) {
            return w.skip("auth is " + auth.type() + ", not oauth2");
        }
        if (w.request.connection().map(c -> c.hasStoredCredentials()).orElse(false)) {
            return w.skip("the workspace's connection holds stored credentials, not an OAuth connection");
        }
        if (builtinOAuthBecause(w) != null) {
            return false; // the next branch, builtinOAuth, takes it and says why
        }
        if (backends.isAvailable("nango")) {
            return w.select("nango");
        }
        String id = w.request.connector().id();
        String nango = backends.isConfigured("nango") ? backends.unhealthyReason("nango")
                : "Nango is not configured (automators.providers.nango.*)";
        return w.skip(nango + (auth.builtinOAuth() != null ? " and the built-in OAuth of " + id + " has no client id"
                + " (automators.connectors." + id + ".oauth.client-id)" : " and " + id + " has no built-in OAuth"));
    }

    /**
     * Rule 1's other half: the connector's built-in OAuth (Gmail, Outlook), the plan's "existing OAuth"
     * fallback. Holds exactly when nangoOAuth passed the call on to it; the decision says why.
     */
    public boolean builtinOAuth(Exchange exchange) {
        Walk w = new Walk(exchange, 1, "nango-oauth");
        String because = builtinOAuthBecause(w);
        return because != null && w.select("builtin-oauth", because);
    }

    /** Why the built-in OAuth takes an OAuth call instead of Nango, or null when it does not. */
    private String builtinOAuthBecause(Walk w) {
        if (!w.request.connector().manifest().auth().isOAuth2()
                || w.request.connection().map(c -> c.hasStoredCredentials()).orElse(false) || !hasBuiltinOAuth(w)) {
            return null;
        }
        if (w.request.connection().map(c -> c.isOAuth()).orElse(false)) {
            return "the workspace's connection was made with the built-in OAuth client";
        }
        if (backends.isAvailable("nango")) {
            return null;
        }
        return backends.isConfigured("nango") ? backends.unhealthyReason("nango")
                : "Nango is not configured (automators.providers.nango.*)";
    }

    private boolean hasBuiltinOAuth(Walk w) {
        if (w.request.connector().manifest().auth().builtinOAuth() == null) {
            return false; // most connectors: no property lookup on the call path (bench/)
        }
        String clientId = environment.getProperty("automators.connectors." + w.request.connector().id() + ".oauth.client-id");
        return clientId != null && !clientId.isBlank();
    }

    /** The credential field that holds a workspace's Panora connection token (x-connection-token). */
    public static final String PANORA_TOKEN_FIELD = "panoraConnectionToken";

    /**
     * Rule 2: the workspace stored its own key or credentials. Where the connector maps the action to
     * Panora's unified API, Panora is available and the connection holds a Panora connection token, the
     * call goes through Panora; otherwise the runtime's own connector route runs it with the stored
     * key, and the decision says why not Panora (only where Panora was a candidate).
     */
    public boolean panoraStoredKey(Exchange exchange) {
        Walk w = new Walk(exchange, 2, "panora-stored-key");
        String type = w.request.connector().manifest().auth().type();
        if ("none".equals(type)) {
            return w.skip("the connector takes no credentials");
        }
        if (!w.request.connection().map(c -> c.hasStoredCredentials()).orElse(false)) {
            return w.skip("the workspace has no stored credentials for " + w.request.connector().id());
        }
        if (w.routing().panoraCallOf(w.request.action().name()) == null) {
            return w.select("runtime-stored-key");
        }
        if (!backends.isAvailable("panora")) {
            return w.select("runtime-stored-key", backends.isConfigured("panora") ? backends.unhealthyReason("panora")
                    : "Panora is not configured (automators.providers.panora.*)");
        }
        if (!w.request.connection().get().holds(PANORA_TOKEN_FIELD)) {
            return w.select("runtime-stored-key", "the workspace's connection holds no " + PANORA_TOKEN_FIELD);
        }
        return w.select("panora");
    }

    /** Rule 3: an API-key connector the workspace has no key for, run by the runtime with the platform's shared key. */
    public boolean panoraSharedKey(Exchange exchange) {
        Walk w = new Walk(exchange, 3, "panora-shared-key");
        ConnectorManifest.Auth auth = w.request.connector().manifest().auth();
        if (!"api_key".equals(auth.type())) {
            return w.skip("auth is " + auth.type() + ", not api_key");
        }
        if (w.request.connection().isPresent()) {
            return w.skip("the workspace has its own connection");
        }
        if (!auth.sharedKey()) {
            return w.skip("the connector does not allow a shared key");
        }
        if (backends.sharedKey(w.request.connector().id()) == null) {
            return w.skip("no shared key is configured (automators.connectors." + w.request.connector().id() + ".shared-key)");
        }
        return w.select("runtime-shared-key");
    }

    /** Rule 4: a visual workflow calling a connector that maps to a Composio tool. */
    public boolean composio(Exchange exchange) {
        Walk w = new Walk(exchange, 4, "composio");
        if (!w.request.context().isVisualWorkflow()) {
            return w.skip("the call does not come from a visual workflow");
        }
        if (w.routing().composioToolOf(w.request.action().name()) == null) {
            return w.skip("the connector maps " + w.request.action().name() + " to no Composio tool");
        }
        return available(w, "composio");
    }

    /** Rule 5: a complex flow of an Enterprise workspace, on a connector with a Kaoto-designed route. */
    public boolean kaotoRoute(Exchange exchange) {
        Walk w = new Walk(exchange, 5, "kaoto-route");
        if (!w.request.context().isComplex()) {
            return w.skip("the flow is not complex");
        }
        if (!w.request.workspace().isEnterprise()) {
            return w.skip("the workspace's plan is " + w.request.workspace().plan() + ", not enterprise");
        }
        String route = w.routing().kaotoRoute();
        if (route == null) {
            return w.skip("the connector has no Kaoto-designed route");
        }
        if (!route.startsWith("kaoto-")) {
            return w.skip("the route " + route + " is not a Kaoto route (ids start with kaoto-)");
        }
        if (camel.getRoute(route) == null) {
            return w.skip("the Kaoto route " + route + " is not loaded");
        }
        return w.select("kaoto");
    }

    /** Rule 6: a connector the workspace registered itself. */
    public boolean customConnector(Exchange exchange) {
        Walk w = new Walk(exchange, 6, "integuru-custom");
        if (!w.request.connector().custom()) {
            return w.skip("not a custom connector");
        }
        return available(w, "integuru");
    }

    /**
     * Rule 7: a data-sync action with an Airbyte connection: the connector syncs through Airbyte
     * ({@code routing.airbyteConnection} names the connection field that holds the Airbyte connection
     * id) and the workspace connected it with one.
     */
    public boolean airbyteSync(Exchange exchange) {
        Walk w = new Walk(exchange, 7, "airbyte-sync");
        if (!"data_sync".equals(w.request.actionKind())) {
            return w.skip("not a data-sync action");
        }
        if (w.routing().airbyteConnection() == null) {
            return w.skip("the connector does not sync through Airbyte");
        }
        if (!w.request.connection().map(c -> c.hasStoredCredentials()).orElse(false)) {
            return w.skip("the workspace has no connection to " + w.request.connector().id() + " holding its Airbyte"
                    + " connection id (" + w.routing().airbyteConnection() + ")");
        }
        return available(w, "airbyte");
    }

    /** Rule 8: a data-sync action from a custom source, run as a Singer tap. */
    public boolean singerSync(Exchange exchange) {
        Walk w = new Walk(exchange, 8, "singer-sync");
        if (!"data_sync".equals(w.request.actionKind())) {
            return w.skip("not a data-sync action");
        }
        String tap = w.routing().singerTap();
        if (tap == null) {
            return w.skip("no Singer tap for the connector");
        }
        if (backends.isConfigured("singer") && !backends.hasSingerTap(tap)) {
            return w.skip("the Singer tap " + tap + " is not configured (automators.providers.singer.taps." + tap + ")");
        }
        return available(w, "singer");
    }

    /** Rule 9: an ELT pipeline action, run by Meltano. */
    public boolean meltanoElt(Exchange exchange) {
        Walk w = new Walk(exchange, 9, "meltano-elt");
        if (!"elt".equals(w.request.actionKind())) {
            return w.skip("not an ELT pipeline action");
        }
        if (w.routing().meltanoPipeline() == null) {
            return w.skip("the connector names no Meltano pipeline");
        }
        return available(w, "meltano");
    }

    /** Rule 10: a DevOps event-driven action, sent to StackStorm. */
    public boolean stackstormDevops(Exchange exchange) {
        Walk w = new Walk(exchange, 10, "stackstorm-devops");
        if (!"devops_event".equals(w.request.actionKind())) {
            return w.skip("not a DevOps event-driven action");
        }
        return available(w, "stackstorm");
    }

    /** Rule 11: a connector described by an OpenAPI document, called by operationId. */
    public boolean openapi(Exchange exchange) {
        Walk w = new Walk(exchange, 11, "openapi");
        if (w.routing().openapi() == null) {
            return w.skip("the connector has no OpenAPI document");
        }
        return available(w, "openapi");
    }

    /** Rule 12: nothing matched. Always fires; its branch answers 422 with the decision. */
    public void fallback(Exchange exchange) {
        new Walk(exchange, 12, "fallback").select("none");
    }

    private boolean available(Walk w, String backend) {
        if (backends.isAvailable(backend)) {
            return w.select(backend);
        }
        if (backends.isConfigured(backend)) {
            return w.skip(backends.unhealthyReason(backend));
        }
        return w.skip(backend + " is not configured (automators.providers." + backend + ".*)");
    }

    /** One rule's look at the exchange. */
    private static final class Walk {
        private final Exchange exchange;
        private final RoutingRequest request;
        private final WaterfallDecision decision;
        private final int rule;
        private final String name;

        Walk(Exchange exchange, int rule, String name) {
            this.exchange = exchange;
            this.request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
            this.decision = exchange.getProperty(ExchangeNames.DECISION, WaterfallDecision.class);
            this.rule = rule;
            this.name = name;
        }

        ConnectorManifest.Routing routing() { return request.connector().manifest().routingOrNone(); }

        boolean skip(String reason) {
            decision.skip(rule, name, reason);
            return false;
        }

        boolean select(String provider) {
            return select(provider, null);
        }

        boolean select(String provider, String reason) {
            decision.select(rule, name, provider, reason);
            // Plain values for whoever records the call (the event row), who need not know the decision's type.
            exchange.setProperty(ExchangeNames.RULE, rule);
            exchange.setProperty(ExchangeNames.PROVIDER, provider);
            // The waterfall route's span is the decision's; the provider's span, its child, inherits these.
            Span decided = Span.current();
            if (decided.isRecording()) {
                decided.setAttribute(TraceAttributes.ROUTING_RULE, (long) rule);
                decided.setAttribute(TraceAttributes.ROUTING_PROVIDER, provider);
                decided.setAttribute(RULE_NAME, name);
            }
            return true;
        }
    }
}
