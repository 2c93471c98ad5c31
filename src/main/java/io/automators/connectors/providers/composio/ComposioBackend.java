package io.automators.connectors.providers.composio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.credentials.BackendAccounts;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.providers.BackendHttp;
import io.automators.connectors.routing.BackendProperties;
import io.automators.connectors.routing.RoutingRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 4: a visual workflow's call run as the Composio tool its manifest maps the action to, through
 * Composio's tool-execution API (https://docs.composio.dev/reference/api-reference/tools):
 * {@code POST /tools/execute/{tool_slug}} under the configured base URL (…/api/v3), the runtime's
 * project key in {@code x-api-key}, the body {@code {user_id, arguments, version}} — the action's
 * validated input as the arguments, the workspace's Composio user id (PUT /api/v1/backend-accounts/composio;
 * unset, the workspace's id) as the user whose connected account runs the tool, the toolkit version of {@code automators.providers.composio.toolkit-version}. Composio
 * answers {@code {data, error, successful, log_id}}: the tool's {@code data} is the action's output;
 * {@code successful: false} is the tool's refusal, answered with Composio's error.
 */
@Component
public class ComposioBackend {

    static final String BACKEND = "composio";
    private static final String NAME = "Composio";

    private final BackendHttp http;
    private final BackendProperties backends;
    private final ObjectMapper mapper;
    private final BackendAccounts accounts;

    public ComposioBackend(BackendHttp http, BackendProperties backends, ObjectMapper mapper, BackendAccounts accounts) {
        this.http = http;
        this.backends = backends;
        this.mapper = mapper;
        this.accounts = accounts;
    }

    /** The {@code runComposioTool} step: the call's input in, the tool's data out (the message body). */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        // The slug was checked when the manifest loaded (ManifestRules): one name, fit for a URL path.
        String tool = request.connector().manifest().routingOrNone().composioToolOf(request.action().name());
        BackendProperties.Backend composio = backends.backend(BACKEND);
        Map<String, Object> body = new LinkedHashMap<>();
        // The workspace's Composio user (its connected accounts run the tool), else the workspace itself.
        body.put("user_id", accounts.find(request.workspace().id(), BACKEND).orElse(request.workspace().id().toString()));
        body.put("arguments", exchange.getMessage().getBody(Map.class));
        body.put("version", composio.getToolkitVersion());
        JsonNode data = http.call(BACKEND, NAME, "POST", "/tools/execute/" + tool, body,
                Map.of("x-api-key", composio.getApiKey()), answer -> {
                    if (answer.status() >= 400) {
                        throw CallFailure.vendorRefused(NAME, answer.status() == 404 ? 404 : 400, code(answer.body()),
                                answer.message() == null ? NAME + " refused the tool " + tool : answer.message(), null);
                    }
                    if (!answer.body().path("successful").asBoolean(false)) {
                        String error = answer.body().path("error").asText("");
                        CallFailure refused = CallFailure.vendorRefused(NAME, 400, null, error.isBlank()
                                ? "the tool " + tool + " did not succeed" : error, null);
                        String logId = answer.body().path("log_id").asText("");
                        // Composio's log id finds the execution in its dashboard.
                        throw logId.isBlank() ? refused : refused.with("composioLogId", logId);
                    }
                    return answer.body().path("data");
                });
        exchange.getMessage().setBody(mapper.convertValue(data, Object.class));
    }

    private static String code(JsonNode body) {
        JsonNode code = body.path("error").path("code");
        return code.isMissingNode() || code.isNull() ? null : code.asText();
    }
}
