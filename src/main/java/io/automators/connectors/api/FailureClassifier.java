package io.automators.connectors.api;

import io.automators.connectors.providers.BackendNotBuiltException;
import io.automators.connectors.providers.NoRouteException;
import io.automators.connectors.providers.VendorRejectedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns what went wrong inside a Camel route into the status the caller should see: 503 when the
 * downstream refused or is unreachable, 504 when it timed out, 502 when it answered with a failure,
 * 429 when it rate-limited us. Unexpected failures become a 500 without internals (logged here).
 */
@Component
public class FailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(FailureClassifier.class);

    public ApiException classify(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRouteException) {
                return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "No route", t.getMessage());
            }
            if (t instanceof BackendNotBuiltException) {
                return new ApiException(HttpStatus.NOT_IMPLEMENTED, "Backend not built", t.getMessage());
            }
            if (t instanceof VendorRejectedException) {
                return new ApiException(HttpStatus.BAD_GATEWAY, "Downstream rejected the call", t.getMessage());
            }
            if (t instanceof HttpOperationFailedException http) {
                return fromVendorStatus(http, what);
            }
            if (t instanceof SocketTimeoutException || t.getClass().getName().endsWith("TimeoutException")) {
                return ApiException.downstreamTimeout(what + " did not answer in time", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return ApiException.downstreamUnavailable(what + " refused the connection or is unreachable", failure);
            }
            if (t instanceof DirectConsumerNotAvailableException) {
                return new ApiException(HttpStatus.NOT_IMPLEMENTED, "Connector route missing",
                        "the route of " + what + " is not loaded: " + t.getMessage());
            }
        }
        log.error("unexpected failure in {}", what, failure);
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the runtime failed unexpectedly; the traceId identifies the call in the logs");
    }

    private static ApiException fromVendorStatus(HttpOperationFailedException http, String what) {
        int code = http.getStatusCode();
        Map<String, Object> vendor = Map.of("vendorStatus", code);
        if (code == 429) {
            // Header names are case-insensitive (RFC 9110), and Camel hands them over in a plain map.
            String retryAfter = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                    .filter(h -> "Retry-After".equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Rate limited",
                    what + " is rate-limiting calls", retryAfter == null ? vendor
                            : Map.of("vendorStatus", code, "retryAfter", retryAfter), http);
        }
        if (code == 503) {
            return ApiException.downstreamUnavailable(what + " answered 503", http);
        }
        if (code == 504) {
            return ApiException.downstreamTimeout(what + " answered 504", http);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "Downstream failed", what + " answered " + code, vendor, http);
    }
}
