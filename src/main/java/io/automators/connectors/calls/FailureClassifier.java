package io.automators.connectors.calls;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.failures.TokenRefusedException;
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
 * Turns what went wrong inside a Camel route into the call's {@link CallFailure}, by one rule for
 * every connector: the vendor's 4xx is answered as the same class of 4xx with the vendor's own code
 * and message; its 401 (or a revoked token in its body) as a reconnect problem naming the
 * connection; its 429 as a 429 with its Retry-After; its 5xx as a 502 and a timeout (its 504, no
 * answer in time) as a 504; a refused connection or an unreachable host as a 503. Anything
 * unexpected becomes an internal failure without internals, logged here once.
 */
@Component
public class FailureClassifier {

    private static final Logger log = LoggerFactory.getLogger(FailureClassifier.class);

    /** A failure outside a vendor call (the waterfall, an edge). */
    public CallFailure classify(Throwable failure, String what) {
        return classify(failure, new Vendor(what, ConnectorManifest.Errors.DEFAULT, what, null, null));
    }

    /** A failure of a connector's call: the vendor's answers read with its manifest, its connection named. */
    public CallFailure classify(Throwable failure, Vendor vendor) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TokenRefusedException refused) {
                return credentialsRefused(vendor, refused.getMessage(), refused);
            }
            if (t instanceof CallFailure known) {
                return known;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return fromVendorStatus(http, vendor);
            }
            if (t instanceof SocketTimeoutException || t.getClass().getName().endsWith("TimeoutException")) {
                return CallFailure.timeout(vendor.name() + " did not answer in time", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return CallFailure.unavailable(vendor.name() + " refused the connection or is unreachable", failure);
            }
            if (t instanceof DirectConsumerNotAvailableException) {
                return new CallFailure(FailureKind.BACKEND_NOT_BUILT,
                        "Connector route missing", "the route of " + vendor.name() + " is not loaded: " + t.getMessage(), null, t);
            }
        }
        log.error("unexpected failure in {}", vendor.name(), failure);
        return CallFailure.internal("the runtime failed unexpectedly; the traceId identifies the call in the logs", failure);
    }

    private static CallFailure fromVendorStatus(HttpOperationFailedException http, Vendor vendor) {
        int code = http.getStatusCode();
        if (code == 429) {
            // Header names are case-insensitive (RFC 9110), and Camel hands them over in a plain map.
            String retryAfter = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                    .filter(h -> "Retry-After".equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            return CallFailure.rateLimited(vendor.name() + " is rate-limiting calls", retryAfter,
                    Map.of(CallFailure.VENDOR_STATUS, code), http);
        }
        VendorAnswers.Said said = VendorAnswers.read(http.getResponseBody(), vendor.errors());
        if (code == 401) {
            return credentialsRefused(vendor, vendor.name() + " refused the credentials (HTTP 401"
                    + (said.code() != null ? ", " + said.code() : "") + ")", http);
        }
        if (code == 408 || code == 504) {
            return CallFailure.timeout(vendor.name() + " answered " + code, http).with(CallFailure.VENDOR_STATUS, code);
        }
        if (vendor.errors().isRateLimit(said.code())) {
            return CallFailure.rateLimited(vendor.name() + " is rate-limiting calls (" + said.code() + ")", null,
                    Map.of(CallFailure.VENDOR_STATUS, code, CallFailure.VENDOR_CODE, said.code()), http);
        }
        if (code >= 400 && code < 500) {
            return CallFailure.vendorRefused(vendor.name(), code, said.code(), said.message(), http);
        }
        return CallFailure.vendorFailed(vendor.name() + " answered " + code
                + (said.message() != null ? ": " + said.message() : ""), http).with(CallFailure.VENDOR_STATUS, code);
    }

    /** The connection's credentials were refused: the workspace's to mend, or (the platform's shared key) the operator's. */
    private static CallFailure credentialsRefused(Vendor vendor, String reason, Throwable cause) {
        if (vendor.connectionId() == null || vendor.connectionId().startsWith("shared:")) {
            return CallFailure.vendorFailed(reason + " of the platform's shared key", cause);
        }
        return CallFailure.credentialsRefused(vendor.connectorId(), vendor.connectionId(), reason, vendor.remedy());
    }

    /**
     * Whose answers are classified: the vendor's name (for details), how its errors read, the
     * connector and the connection the call used (null: none), and what the workspace does to
     * connect it again.
     */
    public record Vendor(String name, ConnectorManifest.Errors errors, String connectorId, String connectionId,
            String remedy) {}
}
