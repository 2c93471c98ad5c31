package io.automators.connectors.families.http;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.HostGuard;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A vendor whose API lives on the tenant's own host (a Salesforce instance, a Jira site, a Shopify
 * shop): the connector's base URL ({@code automators.connectors.<id>.base-url}, the manifest's
 * {@code baseUrl}) names connection fields in braces — {@code https://{site}.atlassian.net}, or
 * {@code {instanceUrl}} for a whole URL. A field inside a host must be a DNS label; a whole-URL field
 * must be an http(s) URL with no user info, query or fragment. The host is checked by the
 * {@link HostGuard} when connecting and on every call, and reaches the request only through the
 * {@code CamelHttpUri} header, never an endpoint URI.
 */
@Component
public class ConnectionBaseUrls {

    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final Environment environment;
    private final HostGuard hostGuard;

    public ConnectionBaseUrls(Environment environment, HostGuard hostGuard) {
        this.environment = environment;
        this.hostGuard = hostGuard;
    }

    /** Whether the connector's base URL is the connection's (it names connection fields). */
    public boolean isPerConnection(CatalogEntry connector) {
        String template = template(connector);
        return template != null && FIELD.matcher(template).find();
    }

    /** The connection's base URL, checked; a bad field or a refused host is the caller's 400/403. */
    public URI resolve(String connectorId, Map<String, String> credentials) {
        return resolve(connectorId, template(connectorId), credentials);
    }

    /** As {@link #resolve(String, Map)}; a workspace's own connector has the base URL of its manifest (no setting overrides it). */
    public URI resolve(CatalogEntry connector, Map<String, String> credentials) {
        return resolve(connector.id(), template(connector), credentials);
    }

    private URI resolve(String connectorId, String template, Map<String, String> credentials) {
        if (template == null) {
            throw new IllegalStateException("no base URL for " + connectorId);
        }
        Matcher m = FIELD.matcher(template);
        StringBuilder url = new StringBuilder();
        while (m.find()) {
            String field = m.group(1);
            String value = credentials.get(field);
            if (value == null || value.isBlank()) {
                throw CallFailure.invalidInputAt("/credentials/" + field, "is required: it names the vendor's host");
            }
            boolean wholeUrl = m.start() == 0 && m.end() == template.length();
            if (!wholeUrl && !LABEL.matcher(value).matches()) {
                throw CallFailure.invalidInputAt("/credentials/" + field, "must be a host name part (letters, digits, '-', '.')");
            }
            m.appendReplacement(url, Matcher.quoteReplacement(wholeUrl ? value.strip().replaceAll("/+$", "") : value));
        }
        m.appendTail(url);
        URI uri;
        try {
            uri = URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw CallFailure.invalidInput("the connection's base URL of " + connectorId + " is not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw CallFailure.invalidInput("the connection's base URL of " + connectorId
                    + " must be an http(s) URL with a host and nothing after its path");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        hostGuard.check(uri.getHost(), port);
        return uri;
    }

    /**
     * The step: the call's base URL from its connection, as the request's URI (the route adds the path).
     * A route whose vendor has a second address for OAuth connections (Jira Cloud's
     * api.atlassian.com/ex/jira/{cloudId}) names that template in the property {@code automatorsBaseUrlTemplate}.
     */
    void useConnectionBaseUrl(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        String connectorId = exchange.getProperty(ExchangeNames.CONNECTOR_ID, String.class);
        String template = exchange.getProperty("automatorsBaseUrlTemplate", String.class);
        URI base = resolve(connectorId, template != null ? template : template(connectorId),
                credentials == null ? Map.of() : credentials);
        exchange.getMessage().setHeader(Exchange.HTTP_URI, base.toString());
    }

    private String template(CatalogEntry connector) {
        // A workspace's connector id may be another workspace's too: the runtime's settings are not theirs.
        return connector.registered() ? connector.manifest().baseUrl() : template(connector.id());
    }

    private String template(String connectorId) {
        return environment.getProperty("automators.connectors." + connectorId + ".base-url");
    }
}
