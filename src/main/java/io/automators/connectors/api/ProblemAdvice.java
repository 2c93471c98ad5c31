package io.automators.connectors.api;

import io.automators.connectors.calls.FailureClassifier;
import io.automators.connectors.failures.CallFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 problem+json with a specific type and the call's traceId;
 * never a stack trace. Spring MVC's own errors (404, 405, 406, 415, unreadable bodies, bad
 * parameters) come through {@link ResponseEntityExceptionHandler} and get the same shape.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private final Problems problems;
    private final FailureClassifier classifier;

    public ProblemAdvice(Problems problems, FailureClassifier classifier) {
        this.problems = problems;
        this.classifier = classifier;
    }

    @ExceptionHandler(CallFailure.class)
    ResponseEntity<ProblemDetail> failure(CallFailure failure, HttpServletRequest request) {
        ProblemDetail body = problems.of(failure, request);
        return ResponseEntity.status(body.getStatus()).headers(Problems.headersOf(failure))
                .contentType(Problems.PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mistypedParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return failure(CallFailure.invalidInputAt(e.getName(), "must be a " + (e.getRequiredType() == null ? "valid value"
                : e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT))), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        return failure(classifier.classify(e, request.getRequestURI()), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpServletRequest http = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        if (RequestSizeFilter.isTooLarge(e)) {
            return new ResponseEntity<>(RequestSizeFilter.tooLarge(problems, http), problemHeaders(),
                    HttpStatus.PAYLOAD_TOO_LARGE);
        }
        ProblemDetail body = problems.of(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input",
                "the request body is not valid JSON of the expected shape", Map.of(), http);
        return new ResponseEntity<>(body, problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    /** Spring MVC's own errors: its status and detail, in the project's shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpServletRequest http = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        HttpStatus resolved = HttpStatus.resolve(status.value());
        HttpStatus answer = resolved == null ? HttpStatus.BAD_REQUEST : resolved;
        String detail = e instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : answer.getReasonPhrase();
        ProblemDetail problem = problems.of(answer, slugOf(answer), answer.getReasonPhrase(), detail, Map.of(), http);
        HttpHeaders out = problemHeaders();
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                    out.addAll(name, values);
                }
            });
        }
        return new ResponseEntity<>(problem, out, answer);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(Problems.PROBLEM_JSON);
        return headers;
    }

    /** The problem type of an HTTP-level error the edge answers by itself. */
    static String slugOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "invalid-input";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case PAYLOAD_TOO_LARGE -> "payload-too-large";
            case UNAUTHORIZED -> "unauthorized";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is5xxServerError() ? "internal" : "http-" + status.value();
        };
    }
}
