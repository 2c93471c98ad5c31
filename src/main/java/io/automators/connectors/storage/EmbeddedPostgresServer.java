package io.automators.connectors.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 kept under {@code <data-dir>/postgres}, started when no DATABASE_URL is given.
 * initdb leaves "trust" authentication; on the first start we give the superuser a generated
 * password and switch TCP to scram, because the demo database is reachable by tenant connections
 * and trust would hand them the superuser.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** One server per data directory and JVM: tests with several Spring contexts share it. */
    private static final Map<Path, EmbeddedPostgresServer> RUNNING = new ConcurrentHashMap<>();

    private final EmbeddedPostgres postgres;
    private final String superuserPassword;
    private final Path pgDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String superuserPassword, Path pgDir) {
        this.postgres = postgres;
        this.superuserPassword = superuserPassword;
        this.pgDir = pgDir;
    }

    public static EmbeddedPostgresServer startOrReuse(DataDirectory dataDir, int port) {
        return RUNNING.computeIfAbsent(dataDir.root(), root -> start(dataDir, port));
    }

    private static EmbeddedPostgresServer start(DataDirectory dataDir, int port) {
        Path pgDir = dataDir.resolve("postgres");
        boolean firstStart = !Files.exists(pgDir.resolve("PG_VERSION"));
        DataDirectory.Secret password = dataDir.secret("postgres-superuser-password", 24);
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    // The library's default is off for every transaction; only the event writer turns it off (SET LOCAL).
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (!firstStart) {
                builder.setConnectConfig("password", password.value());
            }
            if (port > 0) {
                requireFree(port);
                builder.setPort(port);
            }
            long started = System.nanoTime();
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, password.value(), pgDir);
            if (firstStart) {
                server.secureAuthentication();
            }
            log.info("Embedded PostgreSQL 17 on 127.0.0.1:{} (data in {}) started in {} ms",
                    postgres.getPort(), pgDir, (System.nanoTime() - started) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitSpringShutdown();
                server.closeQuietly();
            }, "embedded-postgres-stop"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgDir
                    + " (is port " + port + " taken? set automators.embedded-postgres.port)", e);
        }
    }

    /** Fails clearly instead of talking to whatever else listens there (another runtime's PostgreSQL). */
    private static void requireFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " of the embedded PostgreSQL is taken (another Automators"
                    + " runtime?); stop it or set automators.embedded-postgres.port", e);
        }
    }

    private void secureAuthentication() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE postgres PASSWORD '" + superuserPassword.replace("'", "''") + "'");
            Files.writeString(pgDir.resolve("pg_hba.conf"), """
                    # Written by Automators Connectors: passwords over TCP, no trust.
                    local   all   all                  trust
                    host    all   all   127.0.0.1/32   scram-sha-256
                    host    all   all   ::1/128        scram-sha-256
                    """);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot secure the embedded PostgreSQL", e);
        }
    }

    public int port() { return postgres.getPort(); }

    public String superuserPassword() { return superuserPassword; }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * The runtime's own stop needs its database to the end — Camel's routes finish what they hold, the event
     * writer commits its last batch — so on a JVM exit PostgreSQL stops after Spring's shutdown hook. Hooks
     * start together, in no order: the hook thread is looked for during a moment.
     */
    private static void awaitSpringShutdown() {
        long deadline = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if ("SpringApplicationShutdownHook".equals(thread.getName())) {
                    try {
                        thread.join(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeQuietly() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.debug("embedded PostgreSQL stop", e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
