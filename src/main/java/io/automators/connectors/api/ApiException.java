package io.automators.connectors.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error with the HTTP status and problem+json fields it answers with. Anything thrown on the way
 * of a call that is not an ApiException is classified by {@link FailureClassifier}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final transient Map<String, Object> properties;

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, Map.of(), null);
    }

    public ApiException(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        this(status, title, detail, properties, null);
    }

    public ApiException(HttpStatus status, String title, String detail, Map<String, Object> properties, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.title = title;
        this.properties = properties == null ? Map.of() : properties;
    }

    public HttpStatus status() { return status; }
    public String title() { return title; }
    public Map<String, Object> properties() { return properties; }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    /** The downstream system refused the connection or is not reachable. */
    public static ApiException downstreamUnavailable(String detail, Throwable cause) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Downstream unavailable", detail, Map.of(), cause);
    }

    /** The downstream system answered with a failure. */
    public static ApiException downstreamFailed(String detail, Throwable cause) {
        return new ApiException(HttpStatus.BAD_GATEWAY, "Downstream failed", detail, Map.of(), cause);
    }

    /** The downstream system did not answer in time. */
    public static ApiException downstreamTimeout(String detail, Throwable cause) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, "Downstream timed out", detail, Map.of(), cause);
    }
}
