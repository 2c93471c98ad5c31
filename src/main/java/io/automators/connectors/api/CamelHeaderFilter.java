package io.automators.connectors.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Drops every inbound header and query/form parameter whose name starts with "camel" or
 * "org.apache.camel", in any letter case, before anything reads the request. Camel 4.17 has
 * advisories where such names reach property placeholders or the HTTP producer's URI
 * (CVE-2025-27636 class); the fixed releases are not available here, so the edge removes them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CamelHeaderFilter extends OncePerRequestFilter {

    static boolean isCamelName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("camel") || lower.startsWith("org.apache.camel");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(carriesCamelNames(request) ? new Stripped(request) : request, response);
    }

    /**
     * Whether anything would be dropped: a header or query name, or a form body (read as parameters later).
     * Most requests carry none, and pass unwrapped: the wrapper costs a copy of the header names and a
     * lower-casing per header read on every call (bench/).
     */
    private static boolean carriesCamelNames(HttpServletRequest request) {
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            if (isCamelName(names.nextElement())) {
                return true;
            }
        }
        String query = request.getQueryString();
        // A percent-encoded name ("%63amel…") is decoded by getParameter: any escape wraps too.
        if (query != null && (query.indexOf('%') >= 0 || query.toLowerCase(Locale.ROOT).contains("camel"))) {
            return true;
        }
        String type = request.getContentType();
        return type != null && (type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                || type.regionMatches(true, 0, "multipart/", 0, 10));
    }

    private static final class Stripped extends HttpServletRequestWrapper {

        Stripped(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return isCamelName(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isCamelName(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !isCamelName(n)).toList());
        }

        @Override
        public long getDateHeader(String name) {
            return isCamelName(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return isCamelName(name) ? -1 : super.getIntHeader(name);
        }

        @Override
        public String getParameter(String name) {
            return isCamelName(name) ? null : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return isCamelName(name) ? null : super.getParameterValues(name);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> kept = new LinkedHashMap<>();
            super.getParameterMap().forEach((k, v) -> {
                if (!isCamelName(k)) {
                    kept.put(k, v);
                }
            });
            return Collections.unmodifiableMap(kept);
        }
    }
}
