package io.automators.connectors.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A DATABASE_URL whose user owns the database but is no superuser (as on a managed PostgreSQL): the
 * migrations run, API keys resolve, connections stay each workspace's own, and the definer functions
 * that look across workspaces still answer.
 */
@DirtiesContext
class NonSuperuserOwnerTest extends ApiTestSupport {

    static final EmbeddedPostgres SERVER = start();

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE runtime_owner LOGIN PASSWORD 'owner-pw' NOSUPERUSER NOBYPASSRLS CREATEROLE");
                s.execute("CREATE DATABASE runtime OWNER runtime_owner");
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + SERVER.getPort() + "/runtime");
        registry.add("spring.datasource.username", () -> "runtime_owner");
        registry.add("spring.datasource.password", () -> "owner-pw");
        // Its own data directory: its first start (no demo database on an external PostgreSQL) must not
        // rewrite the first-run.env the other test classes read the demo database from.
        registry.add("automators.data-dir", () -> "target/test-data/non-superuser-owner-" + ProcessHandle.current().pid());
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.close();
    }

    @org.springframework.beans.factory.annotation.Autowired
    TenantJdbc tenantJdbc;
    @org.springframework.beans.factory.annotation.Autowired
    io.automators.connectors.retention.Retention retention;

    /** The retention job, with this non-superuser owner: each plan's expired rows go, in every log table, none else. */
    @Test
    void retentionDeletesEachPlansExpiredRowsOfEveryLogTableAndNoOthers() {
        java.util.UUID free = workspace("free", null);
        java.util.UUID pro = workspace("pro", null);
        java.util.UUID enterprise = workspace("enterprise", 30);
        java.util.UUID enterpriseDefault = workspace("enterprise", null);
        Map<java.util.UUID, int[]> ages = Map.of(free, new int[] {91, 89}, pro, new int[] {366, 364},
                enterprise, new int[] {31, 29}, enterpriseDefault, new int[] {366, 364});
        ages.forEach((workspace, days) -> {
            for (int age : days) {
                backdate(workspace, age);
            }
        });

        Map<String, Long> deleted = retention.purge();

        assertThat(deleted.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(4));
        ages.forEach((workspace, days) -> {
            for (String table : java.util.List.of("event_logs", "agent_trace_history", "model_cost_logs", "prompt_similarity_logs",
                    "action_jobs")) {
                java.util.List<Integer> left = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForList(
                        "SELECT (extract(epoch FROM now() - timestamp) / 86400)::int FROM " + table, Integer.class));
                assertThat(left).as(table + " of " + workspace).containsExactly(days[1]);
            }
        });
    }

    private java.util.UUID workspace(String plan, Integer retentionDays) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "retention-" + plan, "plan", plan));
        if (retentionDays != null) {
            body.put("retentionDays", retentionDays);
        }
        Response r = call("POST", "/api/v1/admin/workspaces", adminToken.value(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return java.util.UUID.fromString(r.json().get("workspaceId").asText());
    }

    private void backdate(java.util.UUID workspace, int days) {
        java.sql.Timestamp at = java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(days)).plusSeconds(3600));
        tenantJdbc.inWorkspace(workspace, jdbc -> {
            jdbc.update("INSERT INTO event_logs (workspace_id, event_type, timestamp) VALUES (?, 'tool_used', ?)", workspace, at);
            jdbc.update("INSERT INTO agent_trace_history (workspace_id, agent_id, timestamp) VALUES (?, 'a', ?)", workspace, at);
            jdbc.update("INSERT INTO model_cost_logs (workspace_id, model_name, timestamp) VALUES (?, 'm', ?)", workspace, at);
            jdbc.update("INSERT INTO action_jobs (id, workspace_id, connector_id, action, status, trace_id, timestamp)"
                    + " VALUES (?, ?, 'airbyte', 'sync', 'succeeded', 't', ?)", java.util.UUID.randomUUID(), workspace, at);
            return jdbc.update("INSERT INTO prompt_similarity_logs (workspace_id, timestamp) VALUES (?, ?)", workspace, at);
        });
    }

    @Test
    void apiKeysResolveAndWorkspacesStayApart() {
        Tenant a = newWorkspace("pro");
        Tenant b = newWorkspace("pro");
        Response connected = call("POST", "/api/v1/connectors/slack/connect", a.apiKey(),
                Map.of("credentials", Map.of("apiKey", "xoxb-owner-test")));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
        String connectionId = connected.json().get("connectionId").asText();

        assertThat(call("GET", "/api/v1/connections", a.apiKey(), null).json()).hasSize(1);
        assertThat(call("GET", "/api/v1/connections", b.apiKey(), null).json()).isEmpty();
        // connection_workspace (a definer function) tells another workspace's connection from none.
        Response foreign = call("POST", "/api/v1/connectors/slack/actions/send_message", b.apiKey(),
                Map.of("connectionId", connectionId, "input", Map.of("channel", "C123ABC456", "text", "hi")));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/connections", "not-a-key", null).status()).isEqualTo(401);
    }
}
