package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One runtime for the backend tests (one Spring context, shared by the classes that extend this):
 * Panora, Composio, StackStorm and Airbyte configured against WireMock servers in their documented shapes
 * (src/test/resources/stubs/&lt;backend&gt;), Meltano as a stand-in command that keeps its command-line
 * contract (src/test/resources/backends/meltano), a Singer tap of the tests (src/test/resources/backends/singer)
 * under three names and configurations, and connectors of the tests' own: one posting to a StackStorm
 * webhook named in its manifest, three Meltano pipelines, three Singer syncs, and one with a Kaoto-designed route (rule 5).
 */
abstract class BackendStubs extends ApiTestSupport {

    static final String STACKSTORM_KEY = "st2-key-" + UUID.randomUUID();
    static final String COMPOSIO_KEY = "ak_composio-" + UUID.randomUUID();
    static final WireMockServer STACKSTORM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final WireMockServer COMPOSIO = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String AIRBYTE_TOKEN = "airbyte-token-" + UUID.randomUUID();
    static final WireMockServer AIRBYTE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final String PANORA_KEY = "panora-key-" + UUID.randomUUID();
    static final WireMockServer PANORA = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final Path FILES = Path.of("target/test-data/backends-" + ProcessHandle.current().pid());
    static final Path MELTANO_PROJECT = FILES.resolve("meltano-project");
    static final Path SINGER_DIRECTORY = FILES.resolve("singer");

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource ownerDataSource;

    // The servers live as long as the JVM: the context, and the base URLs it holds, is shared by every subclass.
    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        if (!STACKSTORM.isRunning()) {
            STACKSTORM.start();
            COMPOSIO.start();
            AIRBYTE.start();
            PANORA.start();
        }
        OverlayFiles.write(FILES, "connectors/deploy-hook.yaml", """
                id: deploy-hook
                name: Deploy hook
                category: devops
                version: 1.0.0
                description: Asks StackStorm's deploy rule for a deployment, through the rule's own webhook.
                family: backend
                auth: { type: none }
                routing: { stackstormWebhook: deploy }
                actions:
                  request_deploy:
                    kind: devops_event
                    description: Request a deployment of a service at a version.
                    input:
                      type: object
                      additionalProperties: false
                      required: [service, version]
                      properties:
                        service: { type: string, minLength: 1, maxLength: 100 }
                        version: { type: string, minLength: 1, maxLength: 50 }
                """);
        for (String[] pipeline : new String[][] {{"elt-demo", "tap-demo target-jsonl"}, {"elt-broken", "tap-broken target-jsonl"},
                {"elt-slow", "tap-slow target-jsonl"}}) {
            OverlayFiles.write(FILES, "connectors/" + pipeline[0] + ".yaml", """
                    id: %s
                    name: %s
                    category: data
                    version: 1.0.0
                    description: A Meltano pipeline of the tests.
                    family: backend
                    auth: { type: none }
                    routing: { meltanoPipeline: "%s" }
                    actions:
                      run_pipeline:
                        kind: elt
                        description: Run the pipeline.
                        input:
                          type: object
                          additionalProperties: false
                          properties:
                            full_refresh: { type: boolean }
                    """.formatted(pipeline[0], pipeline[0], pipeline[1]));
        }
        for (String[] tap : new String[][] {{"orders-sync", "tap-orders", "{\"total\": 20, \"prefix\": \"crash_\", \"crash_after\": 12}"},
                {"garbage-sync", "tap-garbage", "{\"total\": 20, \"prefix\": \"garbage_\", \"garbage_after\": 7}"},
                {"slow-sync", "tap-slow", "{\"total\": 20, \"prefix\": \"slow_\", \"sleep_after\": 2}"}}) {
            OverlayFiles.write(FILES, "connectors/" + tap[0] + ".yaml", """
                    id: %s
                    name: %s
                    category: data
                    version: 1.0.0
                    description: A Singer tap of the tests.
                    family: backend
                    auth: { type: none }
                    routing: { singerTap: %s }
                    actions:
                      sync:
                        kind: data_sync
                        description: Run the tap into the target.
                        input: { type: object, additionalProperties: false }
                    """.formatted(tap[0], tap[0], tap[1]));
            OverlayFiles.write(SINGER_DIRECTORY, tap[1] + ".json", tap[2]);
            registry.add("automators.providers.singer.taps." + tap[1],
                    () -> Path.of("src/test/resources/backends/singer/tap-orders").toAbsolutePath().toString());
        }
        registry.add("automators.providers.singer.working-directory", () -> SINGER_DIRECTORY.toAbsolutePath().toString());
        registry.add("automators.providers.singer.max-runtime", () -> "3s");
        registry.add("automators.providers.singer.target.schema", () -> "singer_test");
        java.nio.file.Files.createDirectories(MELTANO_PROJECT);
        registry.add("automators.providers.meltano.command",
                () -> Path.of("src/test/resources/backends/meltano/meltano").toAbsolutePath().toString());
        registry.add("automators.providers.meltano.working-directory", () -> MELTANO_PROJECT.toAbsolutePath().toString());
        registry.add("automators.providers.meltano.max-runtime", () -> "3s");
        // Rule 5: a connector with a Kaoto-designed route, the route a file of the routes directory.
        OverlayFiles.write(FILES, "connectors/crm-flow.yaml", """
                id: crm-flow
                name: CRM flow
                category: crm
                version: 1.0.0
                description: A contact flow designed in Kaoto.
                family: backend
                auth: { type: none }
                routing: { kaotoRoute: kaoto-crm-flow }
                actions:
                  enrich_contact:
                    kind: devops_event
                    description: Enrich a contact through the Kaoto-designed flow.
                    input:
                      type: object
                      additionalProperties: false
                      required: [email]
                      properties: { email: { type: string } }
                """);
        OverlayFiles.write(FILES, "routes/kaoto/kaoto-crm-flow.camel.yaml", """
                - route:
                    id: kaoto-crm-flow
                    description: The contact flow as designed in Kaoto
                    from:
                      uri: direct:kaoto-crm-flow
                      steps:
                        - setBody:
                            simple: '{"ranBy": "kaoto-crm-flow", "email": "${body[email]}", "segment": "enterprise"}'
                        - unmarshal:
                            json: {}
                """);
        registry.add("automators.routes.directory", () -> FILES.resolve("routes").toString());
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
        registry.add("automators.providers.stackstorm.base-url", STACKSTORM::baseUrl);
        registry.add("automators.providers.stackstorm.api-key", () -> STACKSTORM_KEY);
        registry.add("automators.providers.stackstorm.poll-interval", () -> "50ms");
        registry.add("automators.providers.composio.base-url", () -> COMPOSIO.baseUrl() + "/api/v3");
        registry.add("automators.providers.composio.api-key", () -> COMPOSIO_KEY);
        registry.add("automators.providers.panora.base-url", PANORA::baseUrl);
        registry.add("automators.providers.panora.api-key", () -> PANORA_KEY);
        registry.add("automators.providers.airbyte.base-url", AIRBYTE::baseUrl);
        registry.add("automators.providers.airbyte.api-key", () -> AIRBYTE_TOKEN);
        registry.add("automators.providers.airbyte.poll-interval", () -> "50ms");
    }

    @BeforeEach
    void freshStubs() {
        STACKSTORM.resetAll();
        COMPOSIO.resetAll();
        AIRBYTE.resetAll();
        PANORA.resetAll();
    }

    /** An action call through the HTTP API. */
    Response act(Tenant t, String connector, String action, Map<String, Object> body) {
        return call("POST", "/api/v1/connectors/" + connector + "/actions/" + action, t.apiKey(), body);
    }

    /** The call's event row, as the workspace sees it: its status and context. */
    Map<String, Object> eventRow(String traceId) {
        JdbcTemplate owner = new JdbcTemplate(ownerDataSource);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                owner.queryForObject("SELECT count(*) FROM event_logs WHERE trace_id = ?", Integer.class, traceId) == 1);
        return owner.queryForMap("SELECT status, context::text AS context FROM event_logs WHERE trace_id = ?", traceId);
    }
}
