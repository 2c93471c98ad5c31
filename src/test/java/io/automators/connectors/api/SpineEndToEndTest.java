package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The README quickstart and the spine's guarantees, through the real HTTP API. */
class SpineEndToEndTest extends ApiTestSupport {

    @Autowired
    DataSource tenantPool;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void runsTheQuickstartFromWorkspaceToTrace() {
        Tenant t = newWorkspace("pro");
        Response catalog = call("GET", "/api/v1/connectors?category=database&q=postgres", t.apiKey(), null);
        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().get("items").get(0).get("id").asText()).isEqualTo("postgresql");
        assertThat(catalog.json().get("items").get(0).get("connected").asBoolean()).isFalse();

        Response connected = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "demo", "credentials", DemoDatabase.credentials()));
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        assertThat(connected.body()).doesNotContain(DemoDatabase.firstRunEnv(java.nio.file.Path.of(System.getProperty("automators.data-dir"))).get("DEMO_DB_PASSWORD"));

        Response tables = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of());
        assertThat(tables.status()).as(tables.body()).isEqualTo(200);
        assertThat(tables.json().at("/output/tables").toString()).contains("\"customers\"");
        assertThat(tables.json().get("provider").asText()).isEqualTo("runtime-stored-key");
        assertThat(tables.json().get("rule").asInt()).isEqualTo(2);
        String traceId = tables.json().get("traceId").asText();
        assertThat(traceId).matches("[0-9a-f]{32}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response trace = call("GET", "/api/v1/traces/" + traceId, t.apiKey(), null);
            assertThat(trace.status()).isEqualTo(200);
            JsonNode rows = trace.json().get("eventLogs");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("event_type").asText()).isEqualTo("tool_used");
            assertThat(rows.get(0).get("status").asText()).isEqualTo("success");
            assertThat(rows.get(0).at("/context/tool_id").asText()).isEqualTo("postgresql.list_tables");
            assertThat(rows.get(0).get("latency_ms").isNumber()).isTrue();
        });
        assertThat(call("GET", "/api/v1/connectors?q=postgres", t.apiKey(), null).json()
                .at("/items/0/connected").asBoolean()).isTrue();
    }

    @Test
    void continuesTheCallersW3cTraceparent() {
        Tenant t = connectedToDemo();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of(),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
        assertThat(r.json().get("traceId").asText()).isEqualTo(traceId);
    }

    @Test
    void bindsQueryParametersSoAnInjectionAttemptChangesNothing() {
        Tenant t = connectedToDemo();
        Response injected = call("POST", "/api/v1/connectors/postgresql/actions/execute_query", t.apiKey(),
                Map.of("input", Map.of("sql", "SELECT id FROM customers WHERE name = ?",
                        "params", List.of("x'; DROP TABLE customers; --"))));
        assertThat(injected.status()).as(injected.body()).isEqualTo(200);
        assertThat(injected.json().at("/output/rowCount").asInt()).isZero();

        Response still = call("POST", "/api/v1/connectors/postgresql/actions/execute_query", t.apiKey(),
                Map.of("input", Map.of("sql", "SELECT count(*) AS n FROM customers WHERE plan = ?", "params", List.of("pro"))));
        assertThat(still.json().at("/output/rows/0/n").asInt()).isEqualTo(1);
    }

    @Test
    void refusesCallsWithoutAValidKey() {
        Response none = call("GET", "/api/v1/connectors", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(call("GET", "/api/v1/connectors", "ak_not-a-key", null).status()).isEqualTo(401);
        Tenant t = newWorkspace("free");
        assertThat(call("POST", "/api/v1/admin/workspaces", t.apiKey(), Map.of("name", "x")).status()).isEqualTo(401);
    }

    @Test
    void answersBadInputWithProblemJson() {
        Tenant t = newWorkspace("free");
        Response malformed = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.body()).doesNotContain("Exception").doesNotContain("at io.");

        Response unknownConnector = call("POST", "/api/v1/connectors/nope/actions/x", t.apiKey(), Map.of());
        assertThat(unknownConnector.status()).isEqualTo(404);
        Response unknownAction = call("POST", "/api/v1/connectors/postgresql/actions/drop_everything", t.apiKey(), Map.of());
        assertThat(unknownAction.status()).isEqualTo(404);

        Response badInput = call("POST", "/api/v1/connectors/postgresql/actions/execute_query", t.apiKey(),
                Map.of("input", Map.of("sql", 42)));
        assertThat(badInput.status()).isEqualTo(400);
        assertThat(badInput.json().at("/errors/0/path").asText()).contains("sql");
    }

    @Test
    void makesTheNextConnectionTheDefaultWhenTheDefaultIsDisconnected() {
        Tenant t = newWorkspace("free");
        String first = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "first", "credentials", DemoDatabase.credentials())).json().get("connectionId").asText();
        Response second = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "second", "credentials", DemoDatabase.credentials()));
        assertThat(second.json().get("isDefault").asBoolean()).isFalse();
        assertThat(call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "second", "credentials", DemoDatabase.credentials())).status()).isEqualTo(409);

        assertThat(call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of()).status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/connectors/postgresql/connect?connectionId=" + first, t.apiKey(), null)
                .status()).isEqualTo(204);

        JsonNode left = call("GET", "/api/v1/connections", t.apiKey(), null).json();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("name").asText()).isEqualTo("second");
        assertThat(left.get(0).get("isDefault").asBoolean()).isTrue();
        Response viaDefault = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of());
        assertThat(viaDefault.status()).as(viaDefault.body()).isEqualTo(200);
        Response viaRemoved = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(),
                Map.of("connectionId", first));
        assertThat(viaRemoved.status()).isEqualTo(404);
    }

    @Test
    void answers413ToAnOversizedBody() {
        Tenant t = newWorkspace("free");
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/execute_query", t.apiKey(),
                Map.of("input", Map.of("sql", "x".repeat(1_100_000))));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesADriverPropertyAmongTheCredentialsAndStoresNothing() {
        Tenant t = newWorkspace("free");
        Map<String, Object> credentials = new HashMap<>(DemoDatabase.credentials());
        credentials.put("socketFactory", "org.springframework.context.support.ClassPathXmlApplicationContext");
        credentials.put("socketFactoryArg", "http://127.0.0.1:1/evil.xml");
        Response r = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(), Map.of("credentials", credentials));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("socketFactory");
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    @Test
    void refusesTheCloudMetadataAddressAsADatabaseHost() {
        Tenant t = newWorkspace("free");
        Map<String, Object> credentials = new HashMap<>(DemoDatabase.credentials());
        credentials.put("host", "169.254.169.254");
        credentials.put("port", 5432);
        Response r = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(), Map.of("credentials", credentials));
        assertThat(r.status()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    @Test
    void answers503WhenTheDatabaseRefusesTheConnection() throws IOException {
        Tenant t = newWorkspace("free");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, Object> credentials = new HashMap<>(DemoDatabase.credentials());
        credentials.put("port", closed);
        assertThat(call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("credentials", credentials)).status()).isEqualTo(201);
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", t.apiKey(), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void keepsEachWorkspaceToItsOwnRowsThroughTheApi() {
        Tenant a = connectedToDemo();
        Tenant b = newWorkspace("free");
        Response call = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", a.apiKey(), Map.of());
        String traceOfA = call.json().get("traceId").asText();
        String connectionOfA = call("GET", "/api/v1/connections", a.apiKey(), null).json().get(0).get("connectionId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                call("GET", "/api/v1/traces/" + traceOfA, a.apiKey(), null).json().get("eventLogs").size() == 1);

        assertThat(call("GET", "/api/v1/connections", b.apiKey(), null).json()).isEmpty();
        assertThat(call("GET", "/api/v1/traces/" + traceOfA, b.apiKey(), null).json().get("eventLogs")).isEmpty();
        Response borrowed = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", b.apiKey(),
                Map.of("connectionId", connectionOfA));
        assertThat(borrowed.status()).isEqualTo(403);
        Response removed = call("DELETE", "/api/v1/connectors/postgresql/connect?connectionId=" + connectionOfA, b.apiKey(), null);
        assertThat(removed.status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/connections", a.apiKey(), null).json()).hasSize(1);
    }

    @Test
    void keepsEachWorkspaceToItsOwnRowsInSqlAsTheRuntimesRole() {
        Tenant a = connectedToDemo();
        Tenant b = newWorkspace("free");
        String traceOfA = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", a.apiKey(), Map.of())
                .json().get("traceId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> countEvents(a.workspaceId(), traceOfA) == 1);

        JdbcTemplate jdbc = new JdbcTemplate(tenantPool);
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("automators_app");
        assertThat(countEvents(b.workspaceId(), traceOfA)).isZero();
        // No workspace set: no tenant row at all.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_logs", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM connections", Integer.class)).isZero();
        // Writing a row for A while acting as B is refused by the policy's WITH CHECK.
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> {
            jdbc.queryForObject("SELECT set_config('app.workspace_id', ?, true)", String.class, b.workspaceId());
            jdbc.update("INSERT INTO event_logs (workspace_id, event_type) VALUES (?, 'forged')", UUID.fromString(a.workspaceId()));
        })).rootCause().hasMessageContaining("row-level security");
    }

    @Test
    void keepsGeneratedSecretsReadableByTheOwnerOnly() throws IOException {
        Path dir = Path.of(System.getProperty("automators.data-dir"));
        for (String file : List.of("admin-token", "crypto.key", "first-run.env")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve(file));
            assertThat(permissions).as(file).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    private int countEvents(String workspaceId, String traceId) {
        JdbcTemplate jdbc = new JdbcTemplate(tenantPool);
        return transactions.execute(s -> {
            jdbc.queryForObject("SELECT set_config('app.workspace_id', ?, true)", String.class, workspaceId);
            return jdbc.queryForObject("SELECT count(*) FROM event_logs WHERE trace_id = ?", Integer.class, traceId);
        });
    }

    private Tenant connectedToDemo() {
        Tenant t = newWorkspace("free");
        Response r = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("credentials", DemoDatabase.credentials()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return t;
    }
}
