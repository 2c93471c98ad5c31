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
