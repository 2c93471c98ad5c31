package io.automators.connectors.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * RFC 9457 problem+json bodies, always with a specific {@code type} and the call's {@code traceId}.
 * The one place where a domain failure becomes an HTTP status.
 */
@Component
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.parseMediaType(MEDIA_TYPE);
    /** Problem types are {@code <this><slug>}; docs/api.md lists them. */
    public static final String TYPE_BASE = FailureKind.PROBLEM_TYPE_BASE;

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The HTTP status a kind of failure answers with. */
    /** A vendor's refusal answers the vendor's own 4xx (400 where it gave none a client can act on). */
    public static HttpStatus statusOf(CallFailure failure) {
        if (failure.kind() == FailureKind.VENDOR_REFUSED && failure.details().get(CallFailure.VENDOR_STATUS) instanceof Integer code
                && code >= 400 && code < 500 && code != 401 && code != 407 && code != 429) {
            HttpStatus status = HttpStatus.resolve(code);
            return status == null ? HttpStatus.BAD_REQUEST : status;
        }
        return statusOf(failure.kind());
    }

    public static HttpStatus statusOf(FailureKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case CONFLICT, RECONNECT_NEEDED -> HttpStatus.CONFLICT;
            case UNROUTABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case BACKEND_NOT_BUILT -> HttpStatus.NOT_IMPLEMENTED;
            case VENDOR_REFUSED -> HttpStatus.BAD_REQUEST;
            case VENDOR_REJECTED, VENDOR_FAILED -> HttpStatus.BAD_GATEWAY;
            case RATE_LIMITED, QUOTA_SPENT -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public ProblemDetail of(CallFailure failure, HttpServletRequest request) {
        ProblemDetail problem = of(statusOf(failure), failure.kind().slug(), failure.title(), failure.detail(),
                failure.details(), request);
        if (failure.kind() == FailureKind.RECONNECT_NEEDED) {
            // How, in this edge's terms: the call that connects the connector again.
            problem.setProperty("reconnect", "POST /api/v1/connectors/" + failure.details().get("connector") + "/connect");
        }
        return problem;
    }

    public ProblemDetail of(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(TYPE_BASE + slug));
        String path = request.getRequestURI();
        if (path != null && path.startsWith("/") && path.length() <= 2048) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException e) {
                // A path that is no valid URI reference (it is what the problem is about) is left out.
            }
        }
        properties.forEach(problem::setProperty);
        problem.setProperty("traceId", TraceIds.of(request));
        return problem;
    }

    /** Headers a failure adds to its answer: Retry-After for a rate limit. */
    public static HttpHeaders headersOf(CallFailure failure) {
        HttpHeaders headers = new HttpHeaders();
        Object retryAfter = failure.details().get(CallFailure.RETRY_AFTER);
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return headers;
    }

    /** For filters and the container, which answer before Spring MVC's exception handling. */
    public void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String slug,
            String title, String detail) throws IOException {
        ProblemDetail problem = of(status, slug, title, detail, Map.of(), request);
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        mapper.writeValue(response.getOutputStream(), problem);
    }

    public void write(HttpServletResponse response, HttpServletRequest request, CallFailure failure) throws IOException {
        headersOf(failure).forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        ProblemDetail problem = of(failure, request);
        response.setStatus(problem.getStatus());
        response.setContentType(MEDIA_TYPE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
