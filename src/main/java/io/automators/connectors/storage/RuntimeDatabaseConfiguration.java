package io.automators.connectors.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The runtime's own PostgreSQL: an external one from spring.datasource.url / DATABASE_URL, or the
 * embedded one. Two pools: the owner's (Flyway, bootstrap) and the tenant pool, whose connections
 * switch to the non-owner role {@value #APP_ROLE} so that Row-Level Security applies to every query.
 */
@Configuration(proxyBeanMethods = false)
public class RuntimeDatabaseConfiguration {

    /** The role tenant queries run as; created by the first migration, owns nothing. */
    public static final String APP_ROLE = "automators_app";

    @Bean
    DataDirectory dataDirectory(StorageProperties properties) {
        return new DataDirectory(properties.getDataDir());
    }

    @Bean
    RuntimeDatabase runtimeDatabase(Environment env, StorageProperties properties, DataDirectory dataDirectory) {
        String url = env.getProperty("spring.datasource.url", "");
        if (!url.isBlank()) {
            return RuntimeDatabase.external(url, env.getProperty("spring.datasource.username", ""),
                    env.getProperty("spring.datasource.password", ""));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrReuse(dataDirectory,
                properties.getEmbeddedPostgres().getPort());
        createDatabaseIfMissing(server, "automators");
        return new RuntimeDatabase(server.jdbcUrl("automators"), "postgres", server.superuserPassword(), server);
    }

    @Bean
    @FlywayDataSource
    HikariDataSource ownerDataSource(RuntimeDatabase database) {
        HikariDataSource ds = pool(database, "automators-owner", 3);
        return ds;
    }

    @Bean
    @Primary
    HikariDataSource dataSource(RuntimeDatabase database, Environment env) {
        HikariDataSource ds = pool(database, "automators-tenant",
                env.getProperty("automators.datasource.max-pool-size", Integer.class, 20));
        ds.setConnectionInitSql("SET ROLE " + APP_ROLE);
        return ds;
    }

    private static HikariDataSource pool(RuntimeDatabase database, String name, int size) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(database.jdbcUrl());
        ds.setUsername(database.username());
        ds.setPassword(database.password());
        ds.setMaximumPoolSize(size);
        // Multi-row INSERTs for the event writer's JDBC batches.
        ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        ds.addDataSourceProperty("ApplicationName", name);
        return ds;
    }

    private static void createDatabaseIfMissing(EmbeddedPostgresServer server, String name) {
        try (Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres",
                server.superuserPassword())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name); // a constant of ours, not input
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the runtime database in the embedded PostgreSQL", e);
        }
    }

    /** Where the runtime's own tables live; {@code embedded} is null for an external database. */
    public record RuntimeDatabase(String jdbcUrl, String username, String password, EmbeddedPostgresServer embedded) {

        /** Accepts a JDBC URL or the postgres://user:password@host:port/db form that platforms hand out. */
        static RuntimeDatabase external(String url, String username, String password) {
            if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
                java.net.URI uri = java.net.URI.create(url);
                String userInfo = uri.getRawUserInfo();
                String user = username;
                String pass = password;
                if (userInfo != null) {
                    String[] parts = userInfo.split(":", 2);
                    user = java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8);
                    pass = parts.length > 1 ? java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8) : "";
                }
                String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                        + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
                return new RuntimeDatabase(jdbc, user, pass, null);
            }
            return new RuntimeDatabase(url, username, password, null);
        }

        public boolean isEmbedded() { return embedded != null; }
    }
}
