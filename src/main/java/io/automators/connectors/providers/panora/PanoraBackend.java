package io.automators.connectors.providers.panora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.ManifestTemplates;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.BackendHttp;
import io.automators.connectors.routing.BackendProperties;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.routing.WaterfallRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 2 through Panora's unified API (https://docs.panora.dev, its OpenAPI document
 * packages/api/swagger/swagger-spec.yaml): the unified call the manifest maps the action to
 * ({@code routing.panora.<action>}: method, path, query and body over the input), the runtime's
 * Panora key in {@code x-api-key} and the workspace's connection token — the secret credential
 * field {@code panoraConnectionToken} of its connection — in {@code x-connection-token}. The answer,
 * or its mapping, is the action's output; Panora's refusals keep their status and message.
 */
@Component
public class PanoraBackend {

    static final String BACKEND = "panora";
    private static final String NAME = "Panora";

    private final BackendHttp http;
    private final BackendProperties backends;
    private final ObjectMapper mapper;

    public PanoraBackend(BackendHttp http, BackendProperties backends, ObjectMapper mapper) {
        this.http = http;
        this.backends = backends;
        this.mapper = mapper;
    }

    /** The {@code runOnPanora} step, after the stored credentials step. */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        ConnectorManifest.UnifiedCall call = request.connector().manifest().routingOrNone().panoraCallOf(request.action().name());
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        String token = credentials == null ? null : credentials.get(WaterfallRules.PANORA_TOKEN_FIELD);
        if (token == null || token.isBlank()) {
            throw CallFailure.invalidInputAt("/credentials/" + WaterfallRules.PANORA_TOKEN_FIELD,
                    "the connection holds no Panora connection token");
        }
        JsonNode input = mapper.valueToTree(exchange.getMessage().getBody(Map.class) == null ? Map.of()
                : exchange.getMessage().getBody(Map.class));
        String query = ManifestTemplates.fillQuery(call.query(), input);
        String path = ManifestTemplates.fillPath(call.path(), input) + (query.isEmpty() ? "" : "?" + query);
        JsonNode body = call.body() == null ? null : ManifestTemplates.fill(call.body(), input);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", backends.backend(BACKEND).getApiKey());
        headers.put("x-connection-token", token);
        JsonNode answer = http.call(BACKEND, NAME, call.method().toUpperCase(Locale.ROOT), path, body, headers, a -> {
            if (a.status() >= 400) {
                throw CallFailure.vendorRefused(NAME, a.status(), null, a.message() == null
                        ? NAME + " refused " + call.method() + " " + call.path() : a.message(), null);
            }
            return a.body();
        });
        JsonNode output = call.output() == null ? answer : ManifestTemplates.fill(call.output(), answer);
        exchange.getMessage().setBody(mapper.convertValue(output == null ? mapper.createObjectNode() : output, Object.class));
    }
}
