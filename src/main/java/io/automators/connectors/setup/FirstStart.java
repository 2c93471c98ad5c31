package io.automators.connectors.setup;

import io.automators.connectors.security.AdminToken;
import io.automators.connectors.security.SecurityProperties;
import io.automators.connectors.security.Workspaces;
import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.RuntimeDatabaseConfiguration;
import io.automators.connectors.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On the first start: a default workspace with an API key and, on the embedded PostgreSQL, a demo
 * database (its own role and database, never the runtime's tables) for the README quickstart.
 * What a newcomer needs is written to {@code <data-dir>/first-run.env} (mode 600) and printed once.
 */
@Component
public class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);
    static final String DEMO = "demo";

    private final JdbcTemplate owner;
    private final RuntimeDatabaseConfiguration.RuntimeDatabase database;
    private final StorageProperties properties;
    private final DataDirectory dataDirectory;
    private final AdminToken adminToken;
    private final Workspaces workspaces;

    public FirstStart(@Qualifier("ownerDataSource") DataSource ownerDataSource,
            RuntimeDatabaseConfiguration.RuntimeDatabase database, StorageProperties properties,
            DataDirectory dataDirectory, AdminToken adminToken, Workspaces workspaces, SecurityProperties security) {
        this.owner = new JdbcTemplate(ownerDataSource);
        this.database = database;
        this.properties = properties;
        this.dataDirectory = dataDirectory;
        this.adminToken = adminToken;
        this.workspaces = workspaces;
        if (database.isEmbedded() && properties.getEmbeddedPostgres().isDemoDatabase()) {
            // The embedded default allows the demo database it creates (and nothing else internal).
            security.getAllowedHosts().add("127.0.0.1:" + database.embedded().port());
            security.getAllowedHosts().add("localhost:" + database.embedded().port());
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        Path firstRun = dataDirectory.resolve("first-run.env");
        // One row marks the first start done, also when several replicas start together.
        int claimed = owner.update("INSERT INTO runtime_state (key, value) VALUES ('first-start', now()::text)"
                + " ON CONFLICT (key) DO NOTHING");
        if (claimed == 0) {
            if (adminToken.wasGeneratedNow()) {
                log.info("Admin token generated into {}", dataDirectory.resolve("admin-token"));
            }
            return;
        }
        Workspaces.Created workspace = workspaces.create("default", "free", null, null);
        StringBuilder env = new StringBuilder()
                .append("# Written once by the first start of Automators Connectors. Keep it private.\n")
                .append("ADMIN_TOKEN=").append(adminToken.value()).append('\n')
                .append("WORKSPACE_ID=").append(workspace.workspaceId()).append('\n')
                .append("API_KEY=").append(workspace.apiKey()).append('\n');
        if (database.isEmbedded()) {
            owner.execute("REVOKE CONNECT ON DATABASE automators FROM PUBLIC");
            if (properties.getEmbeddedPostgres().isDemoDatabase()) {
                String password = createDemoDatabase();
                env.append("DEMO_DB_HOST=127.0.0.1\n")
                        .append("DEMO_DB_PORT=").append(database.embedded().port()).append('\n')
                        .append("DEMO_DB_NAME=").append(DEMO).append('\n')
                        .append("DEMO_DB_USER=").append(DEMO).append('\n')
                        .append("DEMO_DB_PASSWORD=").append(password).append('\n');
            }
        }
        try {
            DataDirectory.writePrivate(firstRun, env.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Printed once, on purpose: the newcomer needs these to follow the README.
        System.out.println("\n=== Automators Connectors: first start ===\n" + env + "(saved in " + firstRun + ")\n");
    }

    private String createDemoDatabase() {
        String password = dataDirectory.secret("demo-db-password", 18).value();
        Boolean exists = owner.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'demo')", Boolean.class);
        if (!Boolean.TRUE.equals(exists)) {
            owner.execute("CREATE ROLE demo LOGIN PASSWORD '" + password + "'"); // generated base64url, no quotes
            owner.execute("CREATE DATABASE demo OWNER demo");
        }
        String url = database.jdbcUrl().replaceFirst("/automators$", "/" + DEMO);
        try (Connection c = DriverManager.getConnection(url, DEMO, password); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS customers (
                      id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, plan text NOT NULL)""");
            s.execute("""
                    INSERT INTO customers (name, email, plan)
                    SELECT * FROM (VALUES ('Ada Lovelace', 'ada@example.com', 'pro'),
                                          ('Alan Turing', 'alan@example.com', 'free'),
                                          ('Grace Hopper', 'grace@example.com', 'enterprise')) v
                    WHERE NOT EXISTS (SELECT 1 FROM customers)""");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database", e);
        }
        return password;
    }
}
