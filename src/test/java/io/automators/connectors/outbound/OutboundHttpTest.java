package io.automators.connectors.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's own calls out continue the current trace, as CLIENT spans that keep no query string. */
class OutboundHttpTest {

    static final WireMockServer TOKEN_ENDPOINT = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort());
    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static final SdkTracerProvider TRACER = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();
    static final OutboundHttp HTTP = new OutboundHttp(TRACER.get("test"),
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()));

    @BeforeAll
    static void start() {
        TOKEN_ENDPOINT.start();
        TOKEN_ENDPOINT.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401).withBody("{}")));
    }

    @AfterAll
    static void stop() {
        TOKEN_ENDPOINT.stop();
        TRACER.close();
    }

    @Test
    void aRequestIsAClientSpanOfTheCurrentTraceAndSendsItsTraceparent() throws Exception {
        Span call = TRACER.get("test").spanBuilder("action paypal.create_order").startSpan();
        try (Scope scope = call.makeCurrent()) {
            int status = HTTP.send(HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT.baseUrl() + "/token?client_secret=s3cr3t"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build()).statusCode();
            assertThat(status).isEqualTo(401);
        } finally {
            call.end();
        }
        SpanData client = SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals("POST")).findFirst().orElseThrow();
        assertThat(client.getKind().name()).isEqualTo("CLIENT");
        assertThat(client.getParentSpanId()).isEqualTo(call.getSpanContext().getSpanId());
        assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(TOKEN_ENDPOINT.baseUrl() + "/token");
        assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(401L);
        assertThat(client.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        assertThat(client.getAttributes().toString()).doesNotContain("s3cr3t");

        String traceparent = TOKEN_ENDPOINT.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(0).getHeader("traceparent");
        assertThat(traceparent).isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    }

    @Test
    void anUnreachableHostEndsTheSpanAsAnError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SPANS.reset();
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/token"))
                .timeout(Duration.ofSeconds(5)).GET().build())).isInstanceOf(IOException.class);
        SpanData client = SPANS.getFinishedSpanItems().get(0);
        assertThat(client.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        assertThat(client.getStatus().getDescription()).isEqualTo("ConnectException");
    }
}
