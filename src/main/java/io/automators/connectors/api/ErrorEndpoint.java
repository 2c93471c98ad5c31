package io.automators.connectors.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): what a filter or the servlet container ended with
 * {@code sendError} answers problem+json too, in place of Spring Boot's default error JSON.
 */
@RestController
public class ErrorEndpoint implements ErrorController {

    private final Problems problems;

    public ErrorEndpoint(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus resolved = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        HttpStatus status = resolved == null ? HttpStatus.INTERNAL_SERVER_ERROR : resolved;
        String detail = status.is5xxServerError()
                ? "the runtime failed unexpectedly; the traceId identifies the call in the logs"
                : status.getReasonPhrase();
        ProblemDetail body = problems.of(status, ProblemAdvice.slugOf(status), status.getReasonPhrase(), detail, Map.of(),
                request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && path.startsWith("/")) {
            try {
                body.setInstance(java.net.URI.create(path));
            } catch (IllegalArgumentException e) {
                body.setInstance(null);
            }
        }
        return ResponseEntity.status(status).contentType(Problems.PROBLEM_JSON).body(body);
    }
}
