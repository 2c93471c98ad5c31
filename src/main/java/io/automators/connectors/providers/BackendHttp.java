package io.automators.connectors.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.outbound.OutboundHttp;
import io.automators.connectors.routing.BackendHealth;
import io.automators.connectors.routing.BackendProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * One request to a waterfall backend's HTTP API (Composio, StackStorm, Airbyte, Panora): through the
 * backend's circuit breaker, within its timeout, traced by {@link OutboundHttp}. What is the backend's
 * fault — no answer, a 5xx, the runtime's own key refused — counts against its breaker and is said
 * so; the rest (its 2xx and its 4xx about the call) goes to the caller's reader. Neither the key nor a
 * request body ever goes into a message.
 */
@Component
public class BackendHttp {

    private static final String[] MESSAGE_POINTERS = {"/faultstring", "/error/message", "/message", "/error", "/detail"};

    private final BackendProperties backends;
    private final BackendHealth health;
    private final OutboundHttp http;
    private final ObjectMapper mapper;

    public BackendHttp(BackendProperties backends, BackendHealth health, OutboundHttp http, ObjectMapper mapper) {
        this.backends = backends;
        this.health = health;
        this.http = http;
        this.mapper = mapper;
    }

    /** The backend's answer: its status, its JSON (a missing node when it sent none) and its headers. */
    public record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {

        /** The backend's own words for a refusal, where it gives any. */
        public String message() {
            for (String pointer : MESSAGE_POINTERS) {
                JsonNode said = body.at(pointer);
                if (said.isTextual() && !said.asText().isBlank()) {
                    String text = said.asText();
                    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
                }
            }
            return null;
        }
    }

    /**
     * Sends {@code method path} (the path appended to the backend's base URL; only values the runtime
     * made or checked, never a caller's raw text) with a JSON body (null: none) and the headers that
     * carry the backend's key; {@code read} turns the answer into the result or the caller's failure.
     */
    public <T> T call(String backend, String name, String method, String path, Object body, Map<String, String> headers,
            Function<Answer, T> read) {
        return health.call(backend, () -> read.apply(send(backend, name, method, path, body, headers)));
    }

    private Answer send(String backend, String name, String method, String path, Object body, Map<String, String> headers) {
        BackendProperties.Backend settings = backends.backend(backend);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.root() + path))
                .timeout(settings.getTimeout()).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build());
        } catch (HttpTimeoutException e) {
            throw CallFailure.timeout(name + " did not answer within " + settings.getTimeout().toMillis() + " ms"
                    + " (automators.providers." + backend + ".timeout)", null);
        } catch (IOException e) {
            throw CallFailure.unavailable(name + " refused the connection or is unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CallFailure.unavailable("interrupted while waiting for " + name, null);
        }
        int status = response.statusCode();
        Answer answer = new Answer(status, parse(name, response.body(), status), response.headers());
        if (status == 401 || status == 403) {
            // The runtime's key, not the caller's doing: an operator's matter, and a reason to route elsewhere.
            throw CallFailure.unavailable(name + " refused the runtime's API key (automators.providers." + backend
                    + ".api-key): HTTP " + status, null);
        }
        if (status == 429) {
            throw CallFailure.rateLimited(name + " is rate-limiting calls", response.headers().firstValue("Retry-After").orElse(null),
                    Map.of(CallFailure.VENDOR_STATUS, status), null);
        }
        if (status >= 500) {
            String said = answer.message();
            throw CallFailure.vendorFailed(name + " failed: HTTP " + status + (said == null ? "" : " (" + said + ")"), null);
        }
        return answer;
    }

    private JsonNode parse(String name, String text, int status) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            if (status >= 400) {
                return MissingNode.getInstance(); // a proxy's error page: the status says enough
            }
            throw new CallFailure(FailureKind.VENDOR_REJECTED, null, name + " answered HTTP " + status
                    + " with a body that is not its JSON", null, null);
        }
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backend request body that is not JSON", e);
        }
    }
}
