package io.automators.connectors.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.AutomatorsApplication;
import io.automators.connectors.security.AdminToken;
import io.automators.connectors.api.DemoDatabase;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The OTLP export as a collector sees it: an OTLP/HTTP receiver decodes with OTLP's own message
 * classes what a runtime started here sends. The batch delay is a minute, so the spans arrive only
 * because the runtime flushes them when it stops; they carry the resource attributes and the call's.
 */
class OtlpExportTest {

    static final List<byte[]> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer COLLECTOR = collector();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        COLLECTOR.stop(0);
    }

    @Test
    void theSpansOfACallReachTheCollectorWhenTheRuntimeStops() throws Exception {
        // The data directory of the other tests of this JVM: its embedded PostgreSQL is reused.
        System.setProperty("automators.data-dir", "target/test-data/" + ProcessHandle.current().pid());
        ConfigurableApplicationContext runtime = new SpringApplicationBuilder(AutomatorsApplication.class).profiles("test")
                .properties("server.port=0", "automators.datasource.max-pool-size=3", "automators.environment=ci-test",
                        "otel.bsp.schedule.delay=60000",
                        "otel.exporter.otlp.endpoint=http://127.0.0.1:" + COLLECTOR.getAddress().getPort())
                .run();
        String trace;
        String workspace;
        try {
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) runtime).getWebServer().getPort();
            JsonNode created = post(base + "/api/v1/admin/workspaces", runtime.getBean(AdminToken.class).value(),
                    Map.of("name", "otlp", "plan", "pro"));
            workspace = created.get("workspaceId").asText();
            String key = created.get("apiKey").asText();
            post(base + "/api/v1/connectors/postgresql/connect", key, Map.of("name", "demo", "credentials", DemoDatabase.credentials()));
            JsonNode answer = post(base + "/api/v1/connectors/postgresql/actions/list_tables", key,
                    Map.of("input", Map.of(), "context", Map.of("executionId", "run-otlp")));
            trace = answer.get("traceId").asText();
            assertThat(RECEIVED).as("nothing is sent before the batch delay or the stop").isEmpty();
        } finally {
            runtime.close();
        }

        assertThat(RECEIVED).as("the runtime flushed its spans when it stopped").isNotEmpty();
        List<ResourceSpans> resources = RECEIVED.stream().flatMap(body -> parse(body).getResourceSpansList().stream()).toList();
        Map<String, String> resource = strings(resources.get(0).getResource().getAttributesList());
        assertThat(resource).containsEntry("service.name", "automators-connectors")
                .containsEntry("deployment.environment.name", "ci-test").containsKey("service.version");
        List<Span> spans = resources.stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream())
                .filter(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray()).equals(trace)).toList();
        assertThat(spans).extracting(Span::getName).contains("POST /api/v1/connectors/{connector}/actions/{action}",
                "action postgresql.list_tables", "waterfall", "list_tables postgresql");
        Span action = spans.stream().filter(s -> s.getName().equals("action postgresql.list_tables")).findFirst().orElseThrow();
        assertThat(strings(action.getAttributesList())).containsEntry("workflow.execution_id", "run-otlp")
                .containsEntry("node.status", "success").containsEntry("workspace.id", workspace);
    }

    private static JsonNode post(String url, String bearer, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static ExportTraceServiceRequest parse(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        return attributes.stream().filter(kv -> kv.getValue().hasStringValue())
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    RECEIVED.add(in.readAllBytes());
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
