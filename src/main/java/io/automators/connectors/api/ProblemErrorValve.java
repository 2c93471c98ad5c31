package io.automators.connectors.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for what fails before Spring MVC sees a request (an encoded slash,
 * backslash or NUL byte in the path, a bad Host, TRACE): problem+json with a type and a traceId,
 * instead of Tomcat's HTML page naming the server. Installed in place of {@link ErrorReportValve}.
 */
public class ProblemErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Not only after sendError: Tomcat refuses TRACE with a bare status and no body.
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        response.setErrorReported();
        HttpStatus resolved = HttpStatus.resolve(status);
        HttpStatus answer = resolved == null ? HttpStatus.BAD_REQUEST : resolved;
        String detail = switch (answer) {
            case BAD_REQUEST -> "the request is malformed (its path, headers or encoding) and was refused before it was read";
            case METHOD_NOT_ALLOWED -> "the method " + request.getMethod() + " is not allowed here";
            default -> answer.getReasonPhrase();
        };
        String body = "{\"type\":\"" + Problems.TYPE_BASE + ProblemAdvice.slugOf(answer) + "\",\"title\":\""
                + answer.getReasonPhrase() + "\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\",\"traceId\":\"" + TraceIds.of(request) + "\"}";
        try {
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away or the response is closed: nothing left to tell.
        }
    }
}
