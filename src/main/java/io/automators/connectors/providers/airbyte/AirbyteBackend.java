package io.automators.connectors.providers.airbyte;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 7: a data-sync action triggers a sync of the workspace's Airbyte connection through the Airbyte
 * API (https://reference.airbyte.com/reference/createjob, …/getjob), the runtime's token as Bearer:
 * {@code POST /v1/jobs {connectionId, jobType: "sync"}}, then {@code GET /v1/jobs/{jobId}} every poll
 * interval until the job is {@code succeeded}, {@code failed} or {@code cancelled}, for at most the
 * input's {@code wait_seconds}. The Airbyte connection is the workspace's own: the field of its
 * connection that the manifest's {@code routing.airbyteConnection} names. A job that fails or is
 * cancelled is a 502 naming it; one still going at the deadline a 504 naming it (run the call with
 * {@code "async": true} to follow long syncs in the background).
 */
@Component
public class AirbyteBackend {

    static final String BACKEND = "airbyte";
    private static final String NAME = "Airbyte";
    private static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");
    private static final int DEFAULT_WAIT_SECONDS = 900;
    private static final List<String> REPORTED = List.of("jobType", "startTime", "lastUpdatedAt", "duration",
            "rowsSynced", "bytesSynced");

    private final BackendHttp http;
    private final BackendProperties backends;

    public AirbyteBackend(BackendHttp http, BackendProperties backends) {
        this.http = http;
        this.backends = backends;
    }

    /** The {@code runAirbyteSync} step: after the stored credentials step, the job's end is the output. */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        String field = request.connector().manifest().routingOrNone().airbyteConnection();
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        String connectionId = airbyteConnectionId(credentials == null ? null : credentials.get(field), field,
                request.connector().id());
        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        int waitSeconds = input != null && input.get("wait_seconds") instanceof Number n ? n.intValue() : DEFAULT_WAIT_SECONDS;
        Duration wait = Duration.ofSeconds(waitSeconds);

        JsonNode job = http.call(BACKEND, NAME, "POST", "/v1/jobs", Map.of("connectionId", connectionId, "jobType", "sync"),
                token(), answer -> accepted(answer, "a sync of connection " + connectionId));
        long jobId = job.path("jobId").asLong(-1);
        if (jobId < 0) {
            throw new CallFailure(FailureKind.VENDOR_REJECTED, null, NAME + " answered a job without its jobId", null, null);
        }
        JsonNode ended = Polling.until(job, j -> ENDED.contains(status(j)), () -> http.call(BACKEND, NAME, "GET",
                "/v1/jobs/" + jobId, null, token(), answer -> accepted(answer, "job " + jobId)), wait,
                backends.backend(BACKEND).getPollInterval(), last -> new CallFailure(FailureKind.TIMEOUT, null, NAME + "'s job "
                        + jobId + " is still " + status(last) + " after " + waitSeconds + " s; it goes on at Airbyte"
                        + " (call with \"async\": true to follow long syncs in the background)", details(jobId, last), null));
        if (!"succeeded".equals(status(ended))) {
            throw new CallFailure(FailureKind.VENDOR_FAILED, null, NAME + "'s job " + jobId + " (a sync of connection "
                    + connectionId + ") ended " + status(ended), details(jobId, ended), null);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("jobId", jobId);
        output.put("status", status(ended));
        output.put("connectionId", connectionId);
        for (String reported : REPORTED) {
            if (ended.hasNonNull(reported)) {
                output.put(reported, ended.get(reported));
            }
        }
        exchange.getMessage().setBody(output);
    }

    /** The stored id, checked: it goes into Airbyte's request. */
    private static String airbyteConnectionId(String stored, String field, String connector) {
        try {
            return UUID.fromString(stored == null ? "" : stored.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw CallFailure.invalidInputAt("/credentials/" + field, "the workspace's connection to " + connector
                    + " holds no Airbyte connection id (a UUID): connect it again with one");
        }
    }

    private static JsonNode accepted(BackendHttp.Answer answer, String what) {
        if (answer.status() >= 400) {
            // Airbyte's problems: 400 (a bad request), 404 (no such connection or job), 409 (a sync already running).
            throw CallFailure.vendorRefused(NAME, answer.status(), null,
                    answer.message() == null ? NAME + " refused " + what : answer.message(), null);
        }
        return answer.body();
    }

    private static Map<String, Object> details(long jobId, JsonNode job) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("airbyteJobId", jobId);
        details.put("jobStatus", status(job));
        return details;
    }

    private static String status(JsonNode job) {
        return job.path("status").asText("unknown");
    }

    private Map<String, String> token() {
        return Map.of("Authorization", "Bearer " + backends.backend(BACKEND).getApiKey());
    }
}
