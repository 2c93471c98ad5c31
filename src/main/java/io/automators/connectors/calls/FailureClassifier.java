package io.automators.connectors.calls;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns what went wrong inside a Camel route into the call's {@link CallFailure}: unavailable when
 * the downstream refused or is unreachable, timeout when it did not answer in time, vendor-failed
 * when it answered with a failure, rate-limited when it said so. Anything unexpected becomes an
 * internal failure without internals, logged here once.
 */
@Component
public class FailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(FailureClassifier.class);

    public CallFailure classify(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CallFailure known) {
                return known;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return fromVendorStatus(http, what);
            }
            if (t instanceof SocketTimeoutException || t.getClass().getName().endsWith("TimeoutException")) {
                return CallFailure.timeout(what + " did not answer in time", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return CallFailure.unavailable(what + " refused the connection or is unreachable", failure);
            }
            if (t instanceof DirectConsumerNotAvailableException) {
                return new CallFailure(FailureKind.BACKEND_NOT_BUILT,
                        "Connector route missing", "the route of " + what + " is not loaded: " + t.getMessage(), null, t);
            }
        }
        log.error("unexpected failure in {}", what, failure);
        return CallFailure.internal("the runtime failed unexpectedly; the traceId identifies the call in the logs", failure);
    }

    private static CallFailure fromVendorStatus(HttpOperationFailedException http, String what) {
        int code = http.getStatusCode();
        if (code == 429) {
            // Header names are case-insensitive (RFC 9110), and Camel hands them over in a plain map.
            String retryAfter = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                    .filter(h -> "Retry-After".equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            return CallFailure.rateLimited(what + " is rate-limiting calls", retryAfter,
                    Map.of(CallFailure.VENDOR_STATUS, code), http);
        }
        if (code == 503) {
            return CallFailure.unavailable(what + " answered 503", http);
        }
        if (code == 504) {
            return CallFailure.timeout(what + " answered 504", http);
        }
        return CallFailure.vendorFailed(what + " answered " + code, http).with(CallFailure.VENDOR_STATUS, code);
    }
}
