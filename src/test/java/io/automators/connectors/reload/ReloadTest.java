package io.automators.connectors.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Route files and manifests changed while the runtime runs: the new version answers; a broken one is
 * reported while the previous version keeps answering; a call in flight finishes on the version it
 * started with.
 */
class ReloadTest extends ApiTestSupport {

    static final Path FILES = Path.of("target/test-data/reload-" + ProcessHandle.current().pid());
    static final String ROUTE = "probes/reload-probe.camel.yaml";

    static String probe(String answer) {
        return """
                - route:
                    id: reload-probe
                    from:
                      uri: direct:reload-probe
                      steps:
                        - delay:
                            expression:
                              simple: "${header.wait}"
                        - setBody:
                            constant: "%s"
                """.formatted(answer);
    }

    static String manifest(String description) {
        return """
                id: status-probe
                name: Status probe
                category: developer_tools
                version: 1.0.0
                description: %s
                family: declarative
                auth: { type: none }
                baseUrl: "http://127.0.0.1:9"
                actions:
                  current:
                    description: The current status.
                    input: { type: object, additionalProperties: false }
                    request: { method: GET, path: /status }
                """.formatted(description);
    }

    static String kamelet(String answer) {
        return """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: probe-answer
                spec:
                  definition:
                    title: Probe answer
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(answer);
    }

    @DynamicPropertySource
    static void directories(DynamicPropertyRegistry registry) {
        OverlayFiles.write(FILES, "routes/" + ROUTE, probe("v1"));
        OverlayFiles.write(FILES, "kamelets/probe-answer.kamelet.yaml", kamelet("k1"));
        OverlayFiles.write(FILES, "routes/probes/kamelet-probe.camel.yaml", """
                - route:
                    id: kamelet-probe
                    from:
                      uri: direct:kamelet-probe
                      steps:
                        - to: "kamelet:probe-answer"
                """);
        registry.add("automators.kamelets.directory", () -> FILES.resolve("kamelets").toString());
        OverlayFiles.write(FILES, "connectors/status-probe.yaml", manifest("first"));
        registry.add("automators.routes.directory", () -> FILES.resolve("routes").toString());
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
        registry.add("automators.reload.enabled", () -> "true");
        registry.add("automators.reload.interval", () -> "200ms");
    }

    @Autowired
    ProducerTemplate template;

    private String ask(long waitMillis) {
        return template.requestBodyAndHeader("direct:reload-probe", null, "wait", waitMillis, String.class);
    }

    private String status() {
        return call("GET", "/api/v1/admin/reload-status", adminToken.value(), null).body();
    }

    @Test
    void aChangedRouteFileAnswersAndABrokenOneLeavesThePreviousServing() throws Exception {
        assertThat(ask(0)).isEqualTo("v1");

        // A call in flight while the file changes finishes on the version it started with.
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> ask(1500));
        Thread.sleep(300); // let it enter the old route (a start, not a timing assertion)
        OverlayFiles.write(FILES, "routes/" + ROUTE, probe("v2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "v2".equals(ask(0)));
        assertThat(inFlight.get(20, TimeUnit.SECONDS)).isEqualTo("v1");

        // Routes that do not start: rolled back, reported, the previous version keeps answering.
        OverlayFiles.write(FILES, "routes/" + ROUTE, probe("v3").replace("        - setBody:",
                "        - to: { uri: \"no-such-component:x\" }\n        - setBody:"));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().contains("no-such-component"));
        assertThat(ask(0)).isEqualTo("v2");
        JsonNode broken = null;
        for (JsonNode change : call("GET", "/api/v1/admin/reload-status", adminToken.value(), null).json().get("broken")) {
            broken = ROUTE.equals(change.get("path").asText()) ? change : broken;
        }
        assertThat(broken).as("the route file is reported broken").isNotNull();
        assertThat(broken.get("kind").asText()).isEqualTo("route");
        assertThat(broken.get("error").asText()).contains("no-such-component").doesNotContain("does not parse");

        // A file that does not parse touches nothing.
        OverlayFiles.write(FILES, "routes/" + ROUTE, "- route: { id: reload-probe, from: [unclosed");
        await().atMost(Duration.ofSeconds(20)).until(() -> status().contains("does not parse"));
        assertThat(ask(0)).isEqualTo("v2");

        OverlayFiles.write(FILES, "routes/" + ROUTE, probe("v4"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "v4".equals(ask(0)));
        assertThat(call("GET", "/api/v1/admin/reload-status", adminToken.value(), null).json().get("broken").toString())
                .doesNotContain(ROUTE);
        assertThat(call("GET", "/api/v1/admin/reload-status", "not-the-admin-token", null).status()).isEqualTo(401);
    }

    @Test
    void aChangedKameletIsTakenByTheRoutesThatUseIt() {
        assertThat(template.requestBody("direct:kamelet-probe", null, String.class)).isEqualTo("k1");

        OverlayFiles.write(FILES, "kamelets/probe-answer.kamelet.yaml", kamelet("k2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "k2".equals(template.requestBody("direct:kamelet-probe", null, String.class)));

        OverlayFiles.write(FILES, "kamelets/probe-answer.kamelet.yaml", "apiVersion: [unclosed");
        await().atMost(Duration.ofSeconds(20)).until(() -> status().contains("probe-answer.kamelet.yaml"));
        assertThat(template.requestBody("direct:kamelet-probe", null, String.class)).isEqualTo("k2");

        OverlayFiles.write(FILES, "kamelets/probe-answer.kamelet.yaml", kamelet("k3"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "k3".equals(template.requestBody("direct:kamelet-probe", null, String.class)));
        assertThat(call("GET", "/api/v1/admin/reload-status", adminToken.value(), null).json().get("broken").toString())
                .doesNotContain("probe-answer");
    }

    @Test
    void aChangedManifestIsServedAndABrokenOneKeepsThePreviousCatalog() {
        Tenant t = newWorkspace("pro");
        String path = "/api/v1/connectors/status-probe";
        assertThat(call("GET", path, t.apiKey(), null).json().at("/connector/description").asText()).isEqualTo("first");

        OverlayFiles.write(FILES, "connectors/status-probe.yaml", manifest("second"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "second".equals(call("GET", path, t.apiKey(), null).json().at("/connector/description").asText()));

        OverlayFiles.write(FILES, "connectors/status-probe.yaml", manifest("third").replace("family: declarative", "family: nonsense"));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().contains("nonsense"));
        assertThat(call("GET", path, t.apiKey(), null).json().at("/connector/description").asText()).isEqualTo("second");

        OverlayFiles.write(FILES, "connectors/added-probe.yaml", manifest("added").replace("id: status-probe", "id: added-probe"));
        OverlayFiles.write(FILES, "connectors/status-probe.yaml", manifest("fourth"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                call("GET", "/api/v1/connectors/added-probe", t.apiKey(), null).status() == 200);
        assertThat(call("GET", path, t.apiKey(), null).json().at("/connector/description").asText()).isEqualTo("fourth");
        assertThat(call("GET", "/api/v1/admin/reload-status", adminToken.value(), null).json().get("broken").toString())
                .doesNotContain("manifests");
    }
}
