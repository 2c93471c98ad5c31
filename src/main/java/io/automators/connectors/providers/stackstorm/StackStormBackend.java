package io.automators.connectors.providers.stackstorm;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.providers.BackendHttp;
import io.automators.connectors.providers.Polling;
import io.automators.connectors.routing.BackendProperties;
import io.automators.connectors.routing.RoutingRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 10: a DevOps action run by StackStorm's API (https://docs.stackstorm.com/reference/api.html,
 * its OpenAPI document st2common/openapi.yaml), the runtime's key in {@code St2-Api-Key}:
 * <ul>
 * <li>the manifest names a webhook ({@code routing.stackstormWebhook}): the input is posted to
 *     {@code POST /api/v1/webhooks/{name}};</li>
 * <li>the input names a {@code trigger}: {@code {trigger, payload}} goes to the built-in generic
 *     webhook, {@code POST /api/v1/webhooks/st2};</li>
 * <li>otherwise an execution of the manifest's action ref ({@code routing.stackstormAction}) or the
 *     input's {@code action}, with the input's {@code parameters}: {@code POST /api/v1/executions},
 *     followed ({@code GET /api/v1/executions/{id}}) to its end when the input asks {@code wait},
 *     for at most {@code wait_seconds}.</li>
 * </ul>
 * An execution that ends other than succeeded is the call's failure (502) naming the execution; one
 * still running at the deadline is a 504 naming it, so the caller can look it up.
 */
@Component
public class StackStormBackend {

    static final String BACKEND = "stackstorm";
    private static final String NAME = "StackStorm";
    private static final Pattern EXECUTION_ID = Pattern.compile("^[0-9a-f]{24}$");
    private static final Pattern REF = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+$");
    private static final Set<String> SUCCEEDED = Set.of("succeeded");
    private static final Set<String> FAILED = Set.of("failed", "timeout", "abandoned", "canceled");
    private static final int DEFAULT_WAIT_SECONDS = 60;

    private final BackendHttp http;
    private final BackendProperties backends;

    public StackStormBackend(BackendHttp http, BackendProperties backends) {
        this.http = http;
        this.backends = backends;
    }

    /** The {@code runOnStackStorm} step: the call's input in, its output out (the message body). */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        ConnectorManifest.Routing routing = request.connector().manifest().routingOrNone();
        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        input = input == null ? Map.of() : input;
        Object output;
        if (routing.stackstormWebhook() != null) {
            output = postWebhook(routing.stackstormWebhook(), input, null);
        } else if (input.get("trigger") instanceof String trigger) {
            Object payload = input.getOrDefault("payload", Map.of());
            output = postWebhook("st2", Map.of("trigger", trigger, "payload", payload), trigger);
        } else {
            String ref = routing.stackstormAction() != null ? routing.stackstormAction()
                    : input.get("action") instanceof String named ? named : null;
            if (ref == null || !REF.matcher(ref).matches()) {
                throw CallFailure.invalidInputAt("/action", "name the StackStorm action to run as <pack>.<action>");
            }
            Object parameters = input.getOrDefault("parameters", Map.of());
            boolean wait = Boolean.TRUE.equals(input.get("wait"));
            int waitSeconds = input.get("wait_seconds") instanceof Number n ? n.intValue() : DEFAULT_WAIT_SECONDS;
            output = execute(ref, parameters, wait ? Duration.ofSeconds(waitSeconds) : null);
        }
        exchange.getMessage().setBody(output);
    }

    private Map<String, Object> postWebhook(String webhook, Map<String, Object> body, String trigger) {
        return http.call(BACKEND, NAME, "POST", "/api/v1/webhooks/" + webhook, body, key(), answer -> {
            if (answer.status() >= 400) {
                throw refused(answer, "the webhook " + webhook);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("accepted", true);
            out.put("webhook", webhook);
            if (trigger != null) {
                out.put("trigger", trigger);
            }
            return out;
        });
    }

    private Map<String, Object> execute(String ref, Object parameters, Duration wait) {
        JsonNode created = http.call(BACKEND, NAME, "POST", "/api/v1/executions", Map.of("action", ref, "parameters", parameters),
                key(), answer -> {
                    if (answer.status() >= 400) {
                        throw refused(answer, "the action " + ref);
                    }
                    return answer.body();
                });
        String id = created.path("id").asText("");
        if (!EXECUTION_ID.matcher(id).matches()) {
            throw new CallFailure(FailureKind.VENDOR_REJECTED, null, NAME + " answered an execution without a usable id", null, null);
        }
        JsonNode execution = created;
        if (wait != null) {
            execution = follow(id, ref, created, wait);
        }
        return output(id, ref, execution);
    }

    /** Asks for the execution every poll interval until it ends or the wait is over. */
    private JsonNode follow(String id, String ref, JsonNode created, Duration wait) {
        JsonNode execution = Polling.until(created, StackStormBackend::ended, () -> http.call(BACKEND, NAME, "GET",
                "/api/v1/executions/" + id, null, key(), answer -> {
                    if (answer.status() >= 400) {
                        throw refused(answer, "the execution " + id);
                    }
                    return answer.body();
                }), wait, backends.backend(BACKEND).getPollInterval(), last -> new CallFailure(FailureKind.TIMEOUT, null,
                        NAME + "'s execution " + id + " of " + ref + " is still " + status(last) + " after " + wait.toSeconds()
                        + " s; it goes on at StackStorm (GET /api/v1/executions/" + id + " there)",
                        Map.of("executionId", id, "executionStatus", status(last)), null));
        if (FAILED.contains(status(execution))) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("executionId", id);
            details.put("executionStatus", status(execution));
            throw new CallFailure(FailureKind.VENDOR_FAILED, null, NAME + "'s execution " + id + " of " + ref + " ended "
                    + status(execution), details, null);
        }
        return execution;
    }

    private static boolean ended(JsonNode execution) {
        String status = status(execution);
        return SUCCEEDED.contains(status) || FAILED.contains(status);
    }

    private static String status(JsonNode execution) {
        return execution.path("status").asText("unknown");
    }

    private static Map<String, Object> output(String id, String ref, JsonNode execution) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionId", id);
        out.put("action", ref);
        out.put("status", status(execution));
        for (String field : List.of("start_timestamp", "end_timestamp")) {
            if (execution.hasNonNull(field)) {
                out.put(camel(field), execution.get(field).asText());
            }
        }
        if (ended(execution) && execution.has("result")) {
            out.put("result", execution.get("result"));
        }
        return out;
    }

    private static String camel(String snake) {
        int i = snake.indexOf('_');
        return snake.substring(0, i) + Character.toUpperCase(snake.charAt(i + 1)) + snake.substring(i + 2);
    }

    private static CallFailure refused(BackendHttp.Answer answer, String what) {
        // StackStorm's refusals: 400 (bad parameters, an unknown action), 404 (an unknown webhook or execution).
        return CallFailure.vendorRefused(NAME, answer.status() == 404 ? 404 : 400, null,
                answer.message() == null ? NAME + " refused " + what : answer.message(), null);
    }

    private Map<String, String> key() {
        return Map.of("St2-Api-Key", backends.backend(BACKEND).getApiKey());
    }
}
