package io.automators.connectors.exchange;

/**
 * The names of the exchange properties an action call carries, in one place for Java and for route
 * authors (docs/architecture.md lists them with their types, who sets them and who may read them).
 * Nothing from the caller travels as a header: the call path builds the exchange from validated
 * input and these properties.
 */
public final class ExchangeNames {

    private ExchangeNames() {}

    /** {@code routing.RoutingRequest}: workspace, connector, action, context, connection. Set by the call path. */
    public static final String REQUEST = "automatorsRequest";
    /** {@code routing.WaterfallDecision}: filled by the waterfall's rules. Set (empty) by the call path. */
    public static final String DECISION = "automatorsDecision";
    /** Integer: the rule that fired (1-12). Set by the waterfall. */
    public static final String RULE = "automatorsRule";
    /** String: the provider that runs the call ({@code runtime-stored-key}, {@code kaoto}, …). Set by the waterfall. */
    public static final String PROVIDER = "automatorsProvider";
    /** String: the connector's id. Set by the call path; read by families. */
    public static final String CONNECTOR_ID = "automatorsConnectorId";
    /**
     * {@code catalog.CatalogEntry}: the connector at the version the call started with (a workspace's
     * own, or pinned). Set by the call path; read by families, so a new version or a reload never
     * changes a call in flight.
     */
    public static final String CONNECTOR = "automatorsConnector";
    /** String: the action's name. Set by the call path; read by the declarative family. */
    public static final String ACTION = "automatorsAction";
    /** String: the id of the route that runs the action ({@code direct:<id>}). Set by the call path. */
    public static final String ACTION_ROUTE = "automatorsActionRoute";
    /** Boolean: the manifest marks the action idempotent, so a failed vendor call may be retried. Set by the call path. */
    public static final String IDEMPOTENT = "automatorsIdempotent";
    /** String: the call's W3C trace id. Set by the call path. */
    public static final String TRACE_ID = "automatorsTraceId";
    /** {@code events.ActionCallFacts}: the plain values of the call's event row. Set by the call path. */
    public static final String CALL_FACTS = "automatorsCall";
    /** Map&lt;String,String&gt;: the credentials of the call. Set by the provider step; read by connector routes and families. */
    public static final String CREDENTIALS = "automatorsCredentials";
    /** String: the connection the credentials belong to ({@code shared:<connector>} for a shared key). Set by the provider step. */
    public static final String CONNECTION_ID = "automatorsConnectionId";
    /** A route names the credential fields of HTTP Basic for the {@code useBasicAuth} step: {@code "<user field>:<password field>"}. */
    public static final String BASIC_AUTH = "automatorsBasicAuth";
    /** A connector route's reading of a vendor's refusal in a 200 (Slack's {@code error}), for the {@code vendorRefused} step. */
    public static final String VENDOR_CODE = "automatorsVendorCode";
    /** The vendor's own message for that refusal, where it gives one. */
    public static final String VENDOR_MESSAGE = "automatorsVendorMessage";
    /** The validated input as the connector route first received it, for the one retry after a refreshed token. Set by the Nango step. */
    public static final String INPUT = "automatorsInput";
    /** String: the Kaoto route of rule 5. Set by the Kaoto provider step. */
    public static final String KAOTO_ROUTE = "automatorsKaotoRoute";
    /** Boolean: stop at the decision (route/decide). Set by the route-decide route. */
    public static final String DECIDE_ONLY = "automatorsDecideOnly";
    /** Boolean: the decide-only interception stopped the call before its provider. Set by the waterfall route. */
    public static final String DECIDED = "automatorsDecided";
    /** String: {@code error} once the call failed. Set by the execute-action route. */
    public static final String STATUS = "automatorsStatus";
    /** {@code List<Map>}: each failed vendor attempt (attempt, error, vendor_status). Set by the connector routes' retry policy. */
    public static final String FAILED_ATTEMPTS = "automatorsFailedAttempts";
    /** List&lt;String&gt;: the last lines a backend's command wrote (Meltano, Singer), masked. Set by the backend; read by the event row. */
    public static final String OUTPUT_TAIL = "automatorsOutputTail";
    /** Integer: the call's latency in ms. Set when the call finishes. */
    public static final String LATENCY = "automatorsLatencyMs";
}
