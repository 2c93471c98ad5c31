package io.automators.connectors.failures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure of a call as a domain value: its {@link FailureKind}, a title, a detail for the caller
 * (never a secret) and details such as the failing paths, the decision or a retry-after. Thrown
 * anywhere on the call path; an edge maps it to its protocol.
 */
public class CallFailure extends RuntimeException {

    /** Detail keys with a meaning every edge knows. */
    public static final String ERRORS = "errors";
    public static final String DECISION = "decision";
    public static final String RETRY_AFTER = "retryAfter";
    public static final String VENDOR_STATUS = "vendorStatus";
    public static final String VENDOR_CODE = "vendorCode";
    public static final String VENDOR_MESSAGE = "vendorMessage";

    private final FailureKind kind;
    private final String title;
    private final transient Map<String, Object> details;

    public CallFailure(FailureKind kind, String title, String detail, Map<String, Object> details, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.title = title == null ? kind.title() : title;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public FailureKind kind() { return kind; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public Map<String, Object> details() { return details; }

    /** The same failure with one more detail. */
    public CallFailure with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new CallFailure(kind, title, getMessage(), more, getCause());
    }

    public static CallFailure invalidInput(String detail) {
        return new CallFailure(FailureKind.INVALID_INPUT, null, detail, null, null);
    }

    /** Bad input with the failing paths: each error a map of {@code path} (a JSON pointer) and {@code message}. */
    public static CallFailure invalidInput(String title, String detail, List<Map<String, String>> errors) {
        return new CallFailure(FailureKind.INVALID_INPUT, title, detail, Map.of(ERRORS, errors), null);
    }

    /** Bad input at one path. */
    public static CallFailure invalidInputAt(String path, String message) {
        return invalidInput(null, path + ": " + message, List.of(Map.of("path", path, "message", message)));
    }

    public static CallFailure notFound(String detail) {
        return new CallFailure(FailureKind.NOT_FOUND, null, detail, null, null);
    }

    public static CallFailure forbidden(String detail) {
        return new CallFailure(FailureKind.FORBIDDEN, null, detail, null, null);
    }

    public static CallFailure forbidden(String title, String detail) {
        return new CallFailure(FailureKind.FORBIDDEN, title, detail, null, null);
    }

    /** The connection cannot be used until the workspace connects the connector again. */
    public static CallFailure reconnectNeeded(String connector, String connectionId, String status, String reason,
            String remedy) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connector", connector);
        details.put("connectionId", connectionId);
        details.put("connectionStatus", status);
        if (reason != null) {
            details.put("reason", reason);
        }
        return new CallFailure(FailureKind.RECONNECT_NEEDED, null, "connection " + connectionId + " to " + connector
                + " is " + status.replace('_', ' ') + (reason == null ? "" : " (" + reason + ")") + "; " + remedy,
                details, null);
    }

    /**
     * The vendor refused the call as made (its 4xx, or an error code in a 200): {@code status} is the
     * class of failure to answer (a 4xx), {@code code} and {@code message} the vendor's own, if any.
     */
    public static CallFailure vendorRefused(String vendor, int status, String code, String message, Throwable cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(VENDOR_STATUS, status);
        if (code != null) {
            details.put(VENDOR_CODE, code);
        }
        if (message != null) {
            details.put(VENDOR_MESSAGE, message);
        }
        String said = message != null && code != null && !message.equals(code) ? message + " (" + code + ")"
                : message != null ? message : code != null ? code : "HTTP " + status;
        return new CallFailure(FailureKind.VENDOR_REFUSED, null, vendor + " refused the call: " + said, details, cause);
    }

    /**
     * The vendor refused the credentials of the call's connection (its 401, or a revoked token in its
     * body): the workspace must connect again; the details name the {@code connector} and {@code connectionId}.
     */
    public static CallFailure credentialsRefused(String connector, String connectionId, String reason, String remedy) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connector", connector);
        details.put("connectionId", connectionId);
        details.put("reason", reason);
        return new CallFailure(FailureKind.RECONNECT_NEEDED, null, reason + " for connection " + connectionId + " to "
                + connector + "; " + remedy, details, null);
    }

    public static CallFailure conflict(String detail) {
        return new CallFailure(FailureKind.CONFLICT, null, detail, null, null);
    }

    /** The downstream system refused the connection or is not reachable. */
    public static CallFailure unavailable(String detail, Throwable cause) {
        return new CallFailure(FailureKind.UNAVAILABLE, null, detail, null, cause);
    }

    /** The downstream system answered with a failure. */
    public static CallFailure vendorFailed(String detail, Throwable cause) {
        return new CallFailure(FailureKind.VENDOR_FAILED, null, detail, null, cause);
    }

    /** The downstream system did not answer in time. */
    public static CallFailure timeout(String detail, Throwable cause) {
        return new CallFailure(FailureKind.TIMEOUT, null, detail, null, cause);
    }

    /** The downstream system is rate-limiting; {@code retryAfter} as it said (seconds or an HTTP date), or null. */
    public static CallFailure rateLimited(String detail, String retryAfter, Map<String, Object> details, Throwable cause) {
        Map<String, Object> all = new LinkedHashMap<>(details == null ? Map.of() : details);
        if (retryAfter != null) {
            all.put(RETRY_AFTER, retryAfter);
        }
        return new CallFailure(FailureKind.RATE_LIMITED, null, detail, all, cause);
    }

    public static CallFailure quotaSpent(String detail, String retryAfter, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put(RETRY_AFTER, retryAfter);
        return new CallFailure(FailureKind.QUOTA_SPENT, null, detail, all, null);
    }

    public static CallFailure internal(String detail, Throwable cause) {
        return new CallFailure(FailureKind.INTERNAL, null, detail, null, cause);
    }
}
