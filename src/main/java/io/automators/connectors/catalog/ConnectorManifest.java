package io.automators.connectors.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a connector is, as its manifest in {@code config/connectors/<id>.yaml} says: the family that
 * speaks its protocol (and, for sql, its dialect), its auth (what the waterfall reads), its actions
 * and their JSON-Schema inputs, and routing hints for the waterfall's backends.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorManifest(
        String id,
        String name,
        String category,
        String version,
        String description,
        /** The Java that speaks its protocol, written once: http | sql | mongodb | redis. */
        String family,
        Auth auth,
        String baseUrl,
        /** For the sql family: what differs between databases (driver, URL, options, queries), as data. */
        SqlDialect dialect,
        Routing routing,
        Map<String, Action> actions,
        /** Where the vendor's error answers carry its code and message (JSON pointers), and statuses for errors it answers with a 200. */
        Errors errors,
        /** The declarative family: how each request carries the connection's credentials. */
        RequestAuth requestAuth,
        /** The marketplace's picture of it: an https URL or a data:image URI; none: a monogram of its name. */
        String icon) {

    /** The errors block, or the defaults (common pointers, no statuses). */
    public Errors errorsOrDefault() {
        return errors == null ? Errors.DEFAULT : errors;
    }

    /**
     * How to read the vendor's error answers: JSON pointers to its code and its message (unset: the
     * common places are tried — {@code /error/code}, {@code /code}, {@code /error/message},
     * {@code /message}, …), and the HTTP class to answer for an error code a vendor sends in a 200
     * (Slack's {@code channel_not_found} → 404; unlisted codes → 400), and the codes by which a vendor
     * says "too many requests" without a 429 (Salesforce's 403 {@code REQUEST_LIMIT_EXCEEDED}).
     */
    public record Errors(String code, String message, Map<String, Integer> statuses, List<String> rateLimited) {
        public static final Errors DEFAULT = new Errors(null, null, Map.of(), List.of());

        public boolean isRateLimit(String vendorCode) {
            return vendorCode != null && rateLimited != null && rateLimited.contains(vendorCode);
        }

        public int statusOf(String vendorCode) {
            Integer status = statuses == null || vendorCode == null ? null : statuses.get(vendorCode);
            return status == null ? 400 : status;
        }
    }

    /** How the connector authenticates. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Auth(
            /** database | api_key | oauth2 | none */
            String type,
            /** The Nango integration (provider config key) for oauth2 connectors. */
            String nango,
            /**
             * Credential fields a Nango connection fills from its {@code connection_config} (field → key):
             * Salesforce's {@code instanceUrl: instance_url}, Shopify's {@code shop: subdomain}.
             */
            Map<String, String> nangoConfig,
            /** The runtime's own OAuth client serves this connector when Nango cannot (Gmail, Outlook); null: none. */
            BuiltinOAuth builtinOAuth,
            /** The platform's shared key may serve workspaces without their own (rule 3). */
            boolean sharedKey,
            /** The credential fields a connection stores. */
            List<CredentialField> credentials) {

        // Not manifest fields: a manifest written out must load again (FAIL_ON_UNKNOWN_PROPERTIES).
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isOAuth2() { return "oauth2".equals(type); }
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isKeyOrCredentials() { return "api_key".equals(type) || "database".equals(type); }
        public List<CredentialField> credentialFields() { return credentials == null ? List.of() : credentials; }

        public Map<String, String> nangoConfigOrNone() { return nangoConfig == null ? Map.of() : nangoConfig; }
    }

    /**
     * The vendor's authorization-code flow (with PKCE), as its documentation gives it: where the end
     * user consents, where codes and refresh tokens become access tokens, the scopes the actions need
     * and any extra authorization parameters (Google: access_type=offline for a refresh token), and
     * whether a refresh names the scopes again (Microsoft's v2.0 endpoint asks for them). The client id
     * and secret are the deployer's: {@code automators.connectors.<id>.oauth.client-id/-secret}.
     */
    public record BuiltinOAuth(String authorizationUrl, String tokenUrl, List<String> scopes,
            Map<String, String> authorizationParams, boolean refreshWithScope) {

        public List<String> scopesOrNone() { return scopes == null ? List.of() : scopes; }

        public Map<String, String> authorizationParamsOrNone() {
            return authorizationParams == null ? Map.of() : authorizationParams;
        }
    }

    /**
     * A credential field a connection stores; {@code type} (string, integer, number or boolean; unset:
     * string) is how a form asks for it and what a connect call must send.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CredentialField(String name, boolean required, boolean secret, String description, String type) {
        public static final List<String> TYPES = List.of("string", "integer", "number", "boolean");

        public CredentialField(String name, boolean required, boolean secret, String description) {
            this(name, required, secret, description, null);
        }

        public String typeOrDefault() { return type == null ? "string" : type; }
    }

    /** Hints that make the connector eligible for a waterfall backend. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Routing(
            /** Composio tool slug of every action (rule 4); {@link #composioTools} names one per action. */
            String composioTool,
            /** Id of a Kaoto-designed Camel route (rule 5). */
            String kaotoRoute,
            /** The connection field holding the workspace's Airbyte connection id, for data-sync actions (rule 7). */
            String airbyteConnection,
            /** Singer tap for data-sync actions (rule 8). */
            String singerTap,
            /** Meltano pipeline "tap target" for ELT actions (rule 9). */
            String meltanoPipeline,
            /** StackStorm action ref for DevOps actions (rule 10). */
            String stackstormAction,
            /** OpenAPI document location (rule 11). */
            String openapi,
            /** Composio tool slug per action (rule 4): the action's input is the tool's arguments. */
            Map<String, String> composioTools,
            /** A StackStorm webhook the connector's DevOps actions post their input to (rule 10). */
            String stackstormWebhook,
            /** Panora's unified API per action (rule 2): the unified call an action makes there instead. */
            Map<String, UnifiedCall> panora) {

        public static final Routing NONE = new Routing(null, null, null, null, null, null, null, null, null, null);

        /** The Panora unified call an action maps to, or null. */
        public UnifiedCall panoraCallOf(String action) {
            return panora == null ? null : panora.get(action);
        }

        /** The Composio tool an action runs as, or null. */
        public String composioToolOf(String action) {
            String tool = composioTools == null ? null : composioTools.get(action);
            return tool != null ? tool : composioTool;
        }
    }

    /** One action: what it does, its input schema and what kind of work it is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(
            String description,
            /** standard (default) | data_sync | elt | devops_event */
            String kind,
            JsonNode input,
            /** The id of the route that runs it (from direct:<id>); default <connector>-<action with - for _>. */
            String route,
            /**
             * Running it twice has the effect of running it once (a read, a PUT of the same value), so
             * the shared error policy may retry a failed vendor call. Default false: never retried.
             */
            boolean idempotent,
            /** The declarative family: the vendor request this action makes. */
            Request request,
            /**
             * The declarative family: the action's output built from the vendor's answer (strings
             * {@code ${/pointer}} read it); unset, the answer itself.
             */
            JsonNode output,
            /** The openapi family: the operation of the connector's OpenAPI document the action runs. */
            String operationId) {

        public String kindOrDefault() { return kind == null ? "standard" : kind; }
    }

    /**
     * A declarative action's vendor request: the method, the path after the base URL with
     * {@code {field}} placeholders filled from the input (each value URL-encoded as one path segment),
     * the query parameters and the JSON body as templates over the input — a string {@code ${/pointer}}
     * is the input's value there (its JSON type kept when the string is only that), any other value is
     * sent as written; a parameter whose value is absent is left out — and constant headers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String method, String path, Map<String, JsonNode> query, Map<String, String> headers, JsonNode body) {}

    /**
     * A call of a unified API (Panora's) that stands for an action: the method and path (with
     * {@code {field}} from the input), the query and JSON body as templates over the input, and the
     * action's output as a template over the answer (unset: the answer) — templates as in {@link Request}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UnifiedCall(String method, String path, Map<String, JsonNode> query, JsonNode body, JsonNode output) {}

    /**
     * How a declarative connector's requests carry the connection's credentials: {@code bearer}
     * (Authorization: Bearer of {@code field}; also the OAuth token of rule 1), {@code basic}
     * ({@code username} and {@code password} fields), {@code header} or {@code query} (the
     * {@code field}'s value under the name {@code name}), or {@code none}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestAuth(String scheme, String field, String name, String username, String password) {}

    /**
     * What one SQL database does its own way. The family fills the placeholders: {@code {host}} (an
     * IP address checked by the host guard), {@code {port}}, {@code {database}} (validated) in the
     * URL; {@code {connectTimeoutSeconds}}, {@code {connectTimeoutMillis}}, {@code {socketTimeoutSeconds}},
     * {@code {socketTimeoutMillis}} in the driver properties. A tenant's connection never adds a property.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SqlDialect(
            /** The JDBC driver class; its jar must be on the classpath. */
            String driver,
            /** The JDBC URL template, e.g. jdbc:postgresql://{host}:{port}/{database}. */
            String url,
            /** The port when the connection names none. */
            int defaultPort,
            /** How the connection's sslMode maps to the driver. */
            SslMode sslMode,
            /** Driver properties set by the connector's author (never by a tenant), besides user and password. */
            Map<String, String> driverProperties,
            /** list_tables' queries, returning (schema, name). */
            ListTables listTables,
            /** How the database says that a statement ran out of time. */
            Timeouts timeouts) {}

    /** The connection's sslMode (one vocabulary for every database) as the driver's property. */
    public record SslMode(
            /** The driver property that takes it (sslmode, sslMode). */
            String property,
            /** The mode when the connection sets none. */
            String whenUnset,
            /** The modes a connection may ask for, each with the driver's value. */
            Map<String, String> values) {}

    /** list_tables: every visible table outside system schemas, or one schema's (its {@code ?}). */
    public record ListTables(String all, String inSchema) {}

    /** A cancelled statement, recognised by SQLState, vendor error code or message text. */
    public record Timeouts(List<String> sqlStates, List<Integer> errorCodes, List<String> messages) {}

    public Routing routingOrNone() { return routing == null ? Routing.NONE : routing; }
}
