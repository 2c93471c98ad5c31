package io.automators.connectors.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The W3C trace id of a call: the caller's traceparent continued, or a new one. */
public final class TraceIds {

    public static final String ATTRIBUTE = "automators.traceId";
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final String ZERO = "0".repeat(32);

    private TraceIds() {}

    public static String of(HttpServletRequest request) {
        Object existing = request.getAttribute(ATTRIBUTE);
        if (existing instanceof String s) {
            return s;
        }
        String id = fromTraceparent(request.getHeader("traceparent"));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }

    static String fromTraceparent(String header) {
        if (header != null) {
            var m = TRACEPARENT.matcher(header.trim());
            if (m.matches() && !ZERO.equals(m.group(1))) {
                return m.group(1);
            }
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }
}
