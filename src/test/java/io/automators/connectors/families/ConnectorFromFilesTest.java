package io.automators.connectors.families;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.TestFiles;
import io.automators.connectors.api.DemoDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.embedded.RedisServer;

/**
 * A connector is files: for each family, a connector written only as a manifest and a route file
 * into the overlay directories (no Java; the built-ins come from the jar as always) answers an
 * action end to end through the HTTP API, against a real server (WireMock for http).
 */
@DirtiesContext // its own catalog: closed after the class, so its pool and servers go with it
class ConnectorFromFilesTest extends ApiTestSupport {

    static final Path FILES = Path.of("target/test-data/connectors-from-files-" + ProcessHandle.current().pid());
    static WireMockServer vendor;
    static MongoServer mongo;
    static RedisServer redis;
    static int redisPort;

    @DynamicPropertySource
    static void filesOnly(DynamicPropertyRegistry registry) throws IOException {
        vendor = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        vendor.start();
        MongoVersion mongo42 = new MongoVersion() { // the driver needs wire version 8 (MongoDB 4.2)
            @Override public List<Integer> getVersionArray() { return List.of(4, 2, 0); }
            @Override public int getWireVersion() { return 8; }
        };
        mongo = new MongoServer(new MemoryBackend().version(mongo42));
        mongo.bind("127.0.0.1", 0);
        try (ServerSocket s = new ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").build();
        redis.start();
        writeConnectors();
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
        registry.add("automators.routes.directory", () -> FILES.resolve("routes").toString());
        registry.add("automators.connectors.status-page.base-url", vendor::baseUrl);
        registry.add("automators.security.allowed-hosts[0]", () -> "127.0.0.1");
    }

    @AfterAll
    static void stopServers() throws IOException {
        vendor.stop();
        mongo.shutdownNow();
        redis.stop();
    }

    @Test
    void aSqlDatabaseIsAManifestWithADialectAndARoute() {
        Tenant t = newWorkspace("free");
        connect(t, "warehouse", DemoDatabase.credentials());
        JsonNode out = run(t, "warehouse", "count_rows", Map.of("table", "customers"));
        assertThat(out.get("rows").get(0).get("n").asInt()).isEqualTo(3);
    }

    @Test
    void aMongodbConnectorIsAManifestAndARoute() {
        Tenant t = newWorkspace("free");
        connect(t, "notes", Map.of("host", "127.0.0.1", "port", mongo.getLocalAddress().getPort(), "database", "n"));
        run(t, "notes", "add", Map.of("collection", "notes", "documents", List.of(Map.of("text", "files only"))));
        JsonNode found = run(t, "notes", "list", Map.of("collection", "notes"));
        assertThat(found.get("documents").get(0).get("text").asText()).isEqualTo("files only");
    }

    @Test
    void aRedisConnectorIsAManifestAndARoute() {
        Tenant t = newWorkspace("free");
        connect(t, "flags", Map.of("host", "127.0.0.1", "port", redisPort));
        run(t, "flags", "put", Map.of("key", "feature", "value", "on"));
        assertThat(run(t, "flags", "read", Map.of("key", "feature")).get("value").asText()).isEqualTo("on");
    }

    @Test
    void anHttpVendorIsAManifestAndARoute() {
        vendor.stubFor(get(urlEqualTo("/api/v2/status.json")).withHeader("Authorization", equalTo("Bearer sp-key"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":{\"indicator\":\"none\",\"description\":\"All Systems Operational\"}}")));
        Tenant t = newWorkspace("free");
        connect(t, "status-page", Map.of("apiKey", "sp-key"));
        JsonNode out = run(t, "status-page", "get_status", Map.of());
        assertThat(out.get("status").get("description").asText()).isEqualTo("All Systems Operational");
        vendor.verify(getRequestedFor(urlEqualTo("/api/v2/status.json")).withHeader("Authorization", equalTo("Bearer sp-key")));
    }

    private void connect(Tenant t, String connector, Map<String, Object> credentials) {
        Response r = call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                Map.of("name", "files", "credentials", credentials));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private JsonNode run(Tenant t, String connector, String action, Map<String, Object> input) {
        Response r = call("POST", "/api/v1/connectors/" + connector + "/actions/" + action, t.apiKey(),
                Map.of("input", input));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("provider").asText()).isEqualTo("runtime-stored-key");
        return r.json().get("output");
    }

    private static void writeConnectors() {
        TestFiles.write(FILES, "connectors/warehouse.yaml", """
                id: warehouse
                name: Warehouse
                category: database
                version: 1.0.0
                description: A PostgreSQL-compatible warehouse, written as files only.
                family: sql
                dialect:
                  driver: org.postgresql.Driver
                  url: "jdbc:postgresql://{host}:{port}/{database}"
                  defaultPort: 5432
                  sslMode: { property: sslmode, whenUnset: disable, values: { disable: disable, require: require } }
                  driverProperties: { connectTimeout: "{connectTimeoutSeconds}", socketTimeout: "{socketTimeoutSeconds}" }
                  listTables:
                    all: "select table_schema, table_name from information_schema.tables order by 1, 2"
                    inSchema: "select table_schema, table_name from information_schema.tables where table_schema = ? order by 1, 2"
                auth:
                  type: database
                  credentials:
                    - { name: host, required: true }
                    - { name: port, required: false }
                    - { name: database, required: true }
                    - { name: username, required: true }
                    - { name: password, required: true, secret: true }
                actions:
                  count_rows:
                    description: Count a table's rows.
                    input:
                      type: object
                      additionalProperties: false
                      required: [table]
                      properties:
                        table: { type: string, enum: [customers] }
                """);
        TestFiles.write(FILES, "routes/connectors/warehouse.camel.yaml", """
                - route:
                    id: warehouse-count-rows
                    description: Counts the rows of a table with the sql family's execute_query
                    routeConfigurationId: connector-errors
                    from:
                      uri: direct:warehouse-count-rows
                      steps:
                        - setBody:
                            constant: '{"sql": "select count(*) as n from customers"}'
                        - unmarshal: { json: {} }
                        - process: { ref: sqlExecuteQuery }
                """);
        TestFiles.write(FILES, "connectors/notes.yaml", """
                id: notes
                name: Notes
                category: database
                version: 1.0.0
                description: Notes in MongoDB, written as files only.
                family: mongodb
                auth:
                  type: database
                  credentials:
                    - { name: host, required: true }
                    - { name: port, required: false }
                    - { name: database, required: true }
                actions:
                  add:
                    description: Add notes.
                    input: { type: object, additionalProperties: false, required: [collection, documents],
                             properties: { collection: { type: string }, documents: { type: array, items: { type: object } } } }
                  list:
                    description: List notes.
                    input: { type: object, additionalProperties: false, required: [collection], properties: { collection: { type: string } } }
                """);
        TestFiles.write(FILES, "routes/connectors/notes.camel.yaml", """
                - route:
                    id: notes-add
                    description: Adds notes with the mongodb family's insert
                    routeConfigurationId: connector-errors
                    from: { uri: direct:notes-add, steps: [ { process: { ref: mongodbInsert } } ] }
                - route:
                    id: notes-list
                    description: Lists notes with the mongodb family's find
                    routeConfigurationId: connector-errors
                    from: { uri: direct:notes-list, steps: [ { process: { ref: mongodbFind } } ] }
                """);
        TestFiles.write(FILES, "connectors/flags.yaml", """
                id: flags
                name: Flags
                category: database
                version: 1.0.0
                description: Feature switches in Redis, written as files only.
                family: redis
                auth:
                  type: database
                  credentials:
                    - { name: host, required: true }
                    - { name: port, required: false }
                actions:
                  put:
                    description: Set a switch.
                    input: { type: object, additionalProperties: false, required: [key, value],
                             properties: { key: { type: string }, value: { type: string } } }
                  read:
                    description: Read a switch.
                    input: { type: object, additionalProperties: false, required: [key], properties: { key: { type: string } } }
                """);
        TestFiles.write(FILES, "routes/connectors/flags.camel.yaml", """
                - route:
                    id: flags-put
                    description: Sets a switch with the redis family's set
                    routeConfigurationId: connector-errors
                    from: { uri: direct:flags-put, steps: [ { process: { ref: redisSet } } ] }
                - route:
                    id: flags-read
                    description: Reads a switch with the redis family's get
                    routeConfigurationId: connector-errors
                    from: { uri: direct:flags-read, steps: [ { process: { ref: redisGet } } ] }
                """);
        TestFiles.write(FILES, "connectors/status-page.yaml", """
                id: status-page
                name: Status page
                category: monitoring
                version: 1.0.0
                description: A status page API (Statuspage's /api/v2/status.json shape), written as files only.
                family: http
                auth:
                  type: api_key
                  credentials:
                    - { name: apiKey, required: true, secret: true }
                baseUrl: https://status.example.com
                actions:
                  get_status:
                    description: The page's overall status.
                    idempotent: true
                    input: { type: object, additionalProperties: false }
                """);
        TestFiles.write(FILES, "routes/connectors/status-page.camel.yaml", """
                - route:
                    id: status-page-get-status
                    description: Reads the page's status with camel-http
                    routeConfigurationId: connector-errors
                    from:
                      uri: direct:status-page-get-status
                      steps:
                        - setBody: { constant: "" }
                        - setHeader: { name: Authorization, simple: "Bearer ${exchangeProperty.automatorsCredentials[apiKey]}" }
                        - to:
                            id: status-page-get-status-json
                            uri: "{{automators.connectors.status-page.base-url}}/api/v2/status.json"
                            parameters: { httpMethod: GET }
                        - removeHeaders: { pattern: "*" }
                        - unmarshal: { json: {} }
                """);
    }

}
