package io.automators.connectors.families.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.families.RequestCredentials;
import io.automators.connectors.families.http.ConnectionBaseUrls;
import java.net.URI;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The openapi family's step before camel-rest-openapi: the operation to call (the catalog's, never
 * the caller's) and the host (the connector's base URL, checked by the host guard) as exchange
 * properties the route's endpoint reads; the input's parameters as the message headers rest-openapi
 * takes them from, its {@code body} as the JSON body; the credentials as the document's security
 * scheme places them. Nothing else from the caller becomes a header.
 */
@Component
public class OpenApiRequests {

    /** String: the document's location, for the rest-openapi endpoint. */
    public static final String DOCUMENT = "automatorsOpenApiDocument";
    /** String: the operation's id. */
    public static final String OPERATION = "automatorsOperationId";
    /** String: scheme://host[:port] of the base URL, checked. */
    public static final String HOST = "automatorsOpenApiHost";

    private final ConnectorCatalog catalog;
    private final ConnectionBaseUrls baseUrls;
    private final ObjectMapper mapper;

    public OpenApiRequests(ConnectorCatalog catalog, ConnectionBaseUrls baseUrls, ObjectMapper mapper) {
        this.catalog = catalog;
        this.baseUrls = baseUrls;
        this.mapper = mapper;
    }

    /** The {@code openapiRequest} step. */
    public void request(Exchange exchange) {
        CatalogEntry connector = catalog.ofCall(exchange);
        ConnectorManifest manifest = connector.manifest();
        CatalogEntry.ActionEntry action = connector.actions().get(exchange.getProperty(ExchangeNames.ACTION, String.class));
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        credentials = credentials == null ? Map.of() : credentials;
        URI base = baseUrls.resolve(connector, credentials);
        exchange.setProperty(DOCUMENT, manifest.routingOrNone().openapi());
        exchange.setProperty(OPERATION, action.spec().operationId());
        exchange.setProperty(HOST, base.getScheme() + "://" + base.getRawAuthority());

        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        Object body = null;
        if (input != null) {
            for (Map.Entry<String, Object> field : input.entrySet()) {
                if ("body".equals(field.getKey())) {
                    body = field.getValue();
                } else if (field.getValue() != null) {
                    // The operation's parameters, validated by its schema; rest-openapi places each as the document says.
                    message.setHeader(field.getKey(), field.getValue() instanceof Iterable<?> list
                            ? String.join(",", java.util.stream.StreamSupport.stream(list.spliterator(), false)
                                    .map(String::valueOf).toList()) : String.valueOf(field.getValue()));
                }
            }
        }
        // The family's check refused a query scheme: rest-openapi sends only the operation's own parameters.
        RequestCredentials.place(message, manifest.requestAuth(), credentials);
        message.setHeader("Accept", "application/json");
        try {
            message.setBody(body == null ? null : mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw CallFailure.invalidInputAt("/body", "is not JSON");
        }
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
    }
}
