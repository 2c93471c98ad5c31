package io.automators.connectors.families.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.ManifestTemplates;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.VendorRejectedException;
import io.automators.connectors.families.RequestCredentials;
import io.automators.connectors.families.http.ConnectionBaseUrls;
import java.net.URI;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The declarative family's two steps around its one HTTP call: the request a declarative action's
 * manifest describes — the connection's base URL (checked by the host guard; the connect itself
 * resolves through {@link GuardedDns}), the path with the input's values as encoded segments, the
 * query and JSON body filled from the input, the credentials placed as {@code requestAuth} says —
 * and the output read from the vendor's answer. Nothing from the caller becomes a header but what
 * the manifest names; the credentials go only where the manifest puts them.
 */
@Component
public class DeclarativeRequests {

    private final ConnectorCatalog catalog;
    private final ConnectionBaseUrls baseUrls;
    private final ObjectMapper mapper;

    public DeclarativeRequests(ConnectorCatalog catalog, ConnectionBaseUrls baseUrls, ObjectMapper mapper) {
        this.catalog = catalog;
        this.baseUrls = baseUrls;
        this.mapper = mapper;
    }

    /** The {@code declarativeRequest} step: the message becomes the vendor request. */
    public void request(Exchange exchange) {
        CatalogEntry connector = connector(exchange);
        ConnectorManifest manifest = connector.manifest();
        ConnectorManifest.Request request = action(exchange).spec().request();
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        credentials = credentials == null ? Map.of() : credentials;
        JsonNode input = mapper.valueToTree(exchange.getMessage().getBody(Map.class) == null ? Map.of()
                : exchange.getMessage().getBody(Map.class));

        URI base = baseUrls.resolve(connector, credentials);
        StringBuilder url = new StringBuilder(base.toString().replaceAll("/+$", "")).append(ManifestTemplates.fillPath(request.path(), input));
        String query = ManifestTemplates.fillQuery(request.query(), input);
        org.apache.camel.Message message = exchange.getMessage();
        message.removeHeaders("*");
        String queryCredential = RequestCredentials.place(message, manifest.requestAuth(), credentials);
        if (queryCredential != null) {
            query = query.isEmpty() ? queryCredential : query + "&" + queryCredential;
        }
        if (!query.isEmpty()) {
            url.append('?').append(query);
        }
        if (request.headers() != null) {
            request.headers().forEach(message::setHeader);
        }
        message.setHeader(Exchange.HTTP_URI, url.toString());
        message.setHeader(Exchange.HTTP_METHOD, request.method().toUpperCase(java.util.Locale.ROOT));
        message.setHeader("Accept", "application/json");
        JsonNode body = request.body() == null ? null : ManifestTemplates.fill(request.body(), input);
        if (body != null) {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(body.toString());
        } else {
            message.setBody(null);
        }
    }

    /** The {@code declarativeOutput} step: the vendor's answer (text) becomes the action's output. */
    public void output(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode answer;
        try {
            answer = text == null || text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new VendorRejectedException(connector(exchange).manifest().name() + " answered with a body that is not JSON");
        }
        JsonNode template = action(exchange).spec().output();
        JsonNode output = template == null ? answer : ManifestTemplates.fill(template, answer);
        exchange.getMessage().setBody(mapper.convertValue(output == null ? mapper.createObjectNode() : output, Object.class));
    }

    private CatalogEntry connector(Exchange exchange) {
        return catalog.ofCall(exchange);
    }

    private CatalogEntry.ActionEntry action(Exchange exchange) {
        return connector(exchange).actions().get(exchange.getProperty(ExchangeNames.ACTION, String.class));
    }
}
