package io.automators.connectors.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem+json bodies, always with the call's traceId. */
@Component
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ProblemDetail of(HttpStatus status, String title, String detail, Map<String, Object> properties,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://automators.io/problems/" + status.value()));
        problem.setInstance(URI.create(request.getRequestURI()));
        properties.forEach(problem::setProperty);
        problem.setProperty("traceId", TraceIds.of(request));
        return problem;
    }

    /** For filters, which answer before Spring MVC's exception handling. */
    public void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String title,
            String detail) throws IOException {
        ProblemDetail problem = of(status, title, detail, Map.of(), request);
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
