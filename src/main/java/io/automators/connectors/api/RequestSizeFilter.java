package io.automators.connectors.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 to a request body over {@code automators.api.max-body-bytes}: at once when its
 * Content-Length says so, and while it is read when it comes in chunks without a length. Tomcat
 * then reads and drops the rest of the body (server.tomcat.max-swallow-size), so a client still
 * writing receives the 413 instead of a reset connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class RequestSizeFilter extends OncePerRequestFilter {

    /** The request attribute that carries the limit to the 413 of a body that outgrew it. */
    private static final String LIMIT = "automators.maxBodyBytes";

    private final long maxBytes;
    private final Problems problems;

    public RequestSizeFilter(@Value("${automators.api.max-body-bytes:1048576}") long maxBytes, Problems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            response.setHeader("Connection", "close");
            problems.write(response, request, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                    detail(maxBytes));
            return;
        }
        // A declared length is enforced by Tomcat (the body ends there); only a body without one is counted.
        chain.doFilter(request.getContentLengthLong() < 0 && hasBody(request) ? new Limited(request, maxBytes) : request,
                response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    static String detail(long maxBytes) {
        return "the request body is larger than " + maxBytes + " bytes (automators.api.max-body-bytes)";
    }

    /** Whether reading a body failed because it grew past the limit. */
    static boolean isTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail tooLarge(Problems problems, HttpServletRequest request) {
        long limit = request.getAttribute(LIMIT) instanceof Long l ? l : -1;
        return problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", detail(limit),
                Map.of(), request);
    }

    /** Thrown by the body's stream once more than the limit was read. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super(detail(limit));
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
            request.setAttribute(LIMIT, limit);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override public boolean isFinished() { return in.isFinished(); }
        @Override public boolean isReady() { return in.isReady(); }
        @Override public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
    }
}
