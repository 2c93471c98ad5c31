package io.automators.connectors.outbound;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The runtime's own HTTP calls out, made in Java rather than by a connector route (Nango, OAuth token
 * endpoints, client-credentials tokens, PostHog's flags): one client for all of them, each request a
 * CLIENT span of the current trace that sends its W3C traceparent. The span records the method, the
 * host and the path — never the query string, the headers or the body, which carry secrets.
 */
@Component
public class OutboundHttp {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> HOST = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    // The callers set each request's own timeout; this bounds only the connect.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Tracer tracer;
    private final ContextPropagators propagators;

    public OutboundHttp(Tracer tracer, ContextPropagators propagators) {
        this.tracer = tracer;
        this.propagators = propagators;
    }

    /** Sends the request and reads the answer as text; the caller maps what it throws. */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        URI uri = request.uri();
        Span span = tracer.spanBuilder(request.method()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, request.method())
                .setAttribute(URL, uri.getScheme() + "://" + uri.getAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()))
                .setAttribute(HOST, uri.getHost())
                .setAttribute(PORT, (long) (uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80))
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            HttpRequest.Builder traced = HttpRequest.newBuilder(request, (name, value) -> true);
            propagators.getTextMapPropagator().inject(Context.current(), traced, HttpRequest.Builder::setHeader);
            HttpResponse<String> response = http.send(traced.build(), HttpResponse.BodyHandlers.ofString());
            span.setAttribute(STATUS, (long) response.statusCode());
            if (response.statusCode() >= 400) {
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
