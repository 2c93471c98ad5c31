package io.automators.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.automators.connectors.events.ActionEvents;
import io.automators.connectors.events.AnalyticsSinks;
import io.automators.connectors.events.EventJournal;
import io.automators.connectors.events.EventLogEntry;
import io.automators.connectors.events.EventLogWriter;
import io.automators.connectors.events.EventProperties;
import io.automators.connectors.events.EventRows;
import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.EmbeddedPostgresServer;
import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event path in process, with the runtime's own classes on a real PostgreSQL 17 (the embedded
 * one, migrated by the runtime's Flyway scripts, rows written as automators_app under RLS):
 * <ol>
 * <li>burst: N rows enqueued as fast as two producer threads can; rows/s to commit, enqueue cost;</li>
 * <li>sustained: a constant rate for S seconds; lag from enqueue to commit; enqueue cost;</li>
 * <li>every enqueued row counted back in event_logs (0 lost).</li>
 * </ol>
 */
public final class EventPathBench {

    private EventPathBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int burstRows = args.getInt("burst-rows", 200_000);
        int rate = args.getInt("rate", 20_000);
        int seconds = args.getInt("seconds", 20);
        int workspacesCount = args.getInt("workspaces", 4);
        Path dir = Path.of(args.get("dir"));
        Files.createDirectories(dir);

        long t0 = System.nanoTime();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrReuse(new DataDirectory(dir.toString()), 0);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", server.superuserPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'automators'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE automators");
            }
        }
        Flyway.configure().dataSource(server.jdbcUrl("automators"), "postgres", server.superuserPassword())
                .locations("classpath:db/migration").load().migrate();
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("bench-tenant");
        pool.setJdbcUrl(server.jdbcUrl("automators"));
        pool.setUsername("postgres");
        pool.setPassword(server.superuserPassword());
        pool.setMaximumPoolSize(4);
        pool.setConnectionInitSql("SET ROLE automators_app");
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        TenantJdbc tenant = new TenantJdbc(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)));
        List<UUID> workspaces = new ArrayList<>();
        for (int i = 0; i < workspacesCount; i++) {
            UUID id = UUID.randomUUID();
            tenant.inWorkspace(id, jdbc -> jdbc.update(
                    "INSERT INTO workspaces (id, organization_id, name, plan) VALUES (?, ?, ?, 'pro')", id, UUID.randomUUID(), "bench-" + id));
            workspaces.add(id);
        }
        EventProperties properties = new EventProperties();
        properties.setBatchSize(args.getInt("batch-size", properties.getBatchSize()));
        // No analytics sink configured: the rows only (the outbox's cost is measured with the sinks on, in A3).
        EventRows rows = new EventRows(new ObjectMapper(), new AnalyticsSinks(new StandardEnvironment()));
        // The journal as the runtime keeps it (16 MiB segments), in a directory of its own.
        Path journalDir = Files.createTempDirectory("automators-bench-journal");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var files = Files.walk(journalDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temporary directory: the system cleans it eventually
            }
        }));
        EventJournal journal = new EventJournal(journalDir, 16 << 20, 64);
        EventLogWriter writer = new EventLogWriter(journal, tenant, rows, properties, new ActionEvents(), new SimpleMeterRegistry());
        writer.start();
        System.out.printf("events: PostgreSQL up and migrated in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "events");
        rec.put("batch_size", properties.getBatchSize());
        rec.put("workspaces", workspacesCount);

        // Warm-up: JIT, pool, prepared statements.
        enqueueBurst(writer, workspaces, 20_000, 1, new Histogram(3_600_000_000_000L, 3));
        awaitWritten(writer, 20_000, 60_000);
        long expected = 20_000;

        // 1. Burst.
        Histogram burstEnqueue = new Histogram(3_600_000_000_000L, 3);
        long base = writer.written();
        long start = System.nanoTime();
        int maxQueue = enqueueBurst(writer, workspaces, burstRows, 2, burstEnqueue);
        double enqueueSeconds = (System.nanoTime() - start) / 1e9;
        awaitWritten(writer, base + burstRows, 300_000);
        double burstSeconds = (System.nanoTime() - start) / 1e9;
        expected += burstRows;
        Map<String, Object> burst = new LinkedHashMap<>();
        burst.put("rows", burstRows);
        burst.put("rows_per_s", burstRows / burstSeconds);
        burst.put("enqueue_seconds", enqueueSeconds);
        burst.put("max_queue", maxQueue);
        burst.put("enqueue_ns", nanos(burstEnqueue));
        rec.put("burst", burst);
        System.out.printf("events burst: %d rows committed in %.2f s = %.0f rows/s; enqueue p99 %d ns max %d ns%n",
                burstRows, burstSeconds, burstRows / burstSeconds, burstEnqueue.getValueAtPercentile(99), burstEnqueue.getMaxValue());

        // 2. Sustained at a constant rate.
        int total = rate * seconds;
        long[] enqueuedAt = new long[total];
        Histogram sustainedEnqueue = new Histogram(3_600_000_000_000L, 3);
        Histogram lag = new Histogram(3_600_000_000_000L, 3);
        long base2 = writer.written();
        AtomicBoolean producing = new AtomicBoolean(true);
        int[] maxQueue2 = {0};
        Thread monitor = new Thread(() -> {
            long seen = 0;
            while (producing.get() || seen < total) {
                long k = writer.written() - base2;
                if (k > seen && k <= total) {
                    lag.recordValue(Math.max(0, System.nanoTime() - enqueuedAt[(int) k - 1]));
                    seen = k;
                }
                maxQueue2[0] = (int) Math.max(maxQueue2[0], writer.pending());
                LockSupport.parkNanos(500_000);
            }
        }, "lag-monitor");
        monitor.start();
        long s0 = System.nanoTime();
        double interval = 1e9 / rate;
        for (int i = 0; i < total; i++) {
            long due = s0 + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
                LockSupport.parkNanos(wait - 100_000);
            }
            EventLogEntry e = entry(workspaces.get(i % workspaces.size()));
            long a = System.nanoTime();
            writer.enqueue(e);
            long b = System.nanoTime();
            enqueuedAt[i] = b;
            sustainedEnqueue.recordValue(b - a);
        }
        double produceSeconds = (System.nanoTime() - s0) / 1e9;
        awaitWritten(writer, base2 + total, 300_000);
        double sustainSeconds = (System.nanoTime() - s0) / 1e9;
        producing.set(false);
        monitor.join();
        expected += total;
        Map<String, Object> sustained = new LinkedHashMap<>();
        sustained.put("target_rate", rate);
        sustained.put("rows", total);
        sustained.put("offered_rows_per_s", total / produceSeconds);
        sustained.put("committed_rows_per_s", total / sustainSeconds);
        sustained.put("drain_after_last_enqueue_ms", (sustainSeconds - produceSeconds) * 1000);
        sustained.put("max_queue", maxQueue2[0]);
        sustained.put("enqueue_ns", nanos(sustainedEnqueue));
        Map<String, Object> lagMs = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            lagMs.put(String.valueOf(p), lag.getValueAtPercentile(p) / 1e6);
        }
        sustained.put("lag_ms", lagMs);
        rec.put("sustained", sustained);
        System.out.printf("events sustained: %d rows/s offered for %d s, committed %.0f rows/s, lag p50 %.1f ms p99 %.1f ms, max queue %d%n",
                rate, seconds, total / sustainSeconds, lag.getValueAtPercentile(50) / 1e6, lag.getValueAtPercentile(99) / 1e6, maxQueue2[0]);

        writer.stop();
        long count;
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("automators"), "postgres", server.superuserPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM event_logs")) {
            rs.next();
            count = rs.getLong(1);
        }
        rec.put("expected_rows", expected);
        rec.put("rows_in_table", count);
        rec.put("rows_lost", expected - count);
        System.out.printf("events: %d rows enqueued, %d in event_logs, %d lost%n", expected, count, expected - count);
        pool.close();
        server.close();
        Files.writeString(Path.of(args.get("out")), new ObjectMapper().writeValueAsString(rec) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.exit(0); // the embedded PostgreSQL's stop hook has run via close(); nothing else to wait for
    }

    private static Map<String, Object> nanos(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", h.getValueAtPercentile(50));
        m.put("p99", h.getValueAtPercentile(99));
        m.put("p999", h.getValueAtPercentile(99.9));
        m.put("max", h.getMaxValue());
        return m;
    }

    /** Enqueues {@code rows} from {@code threads} producers as fast as they can; returns the largest queue seen. */
    private static int enqueueBurst(EventLogWriter writer, List<UUID> workspaces, int rows, int threads, Histogram enqueue)
            throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        int[] maxQueue = new int[threads];
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            hs.add(h);
            int me = t;
            Thread p = new Thread(() -> {
                for (int i = me; i < rows; i += threads) {
                    EventLogEntry e = entry(workspaces.get(i % workspaces.size()));
                    long a = System.nanoTime();
                    writer.enqueue(e);
                    h.recordValue(System.nanoTime() - a);
                    if ((i & 1023) == 0) {
                        maxQueue[me] = (int) Math.max(maxQueue[me], writer.pending());
                    }
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join();
        }
        hs.forEach(enqueue::add);
        int max = 0;
        for (int m : maxQueue) {
            max = Math.max(max, m);
        }
        return max;
    }

    private static void awaitWritten(EventLogWriter writer, long target, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (writer.written() < target) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("event_logs: only " + writer.written() + " of " + target + " rows committed");
            }
            Thread.sleep(1);
        }
    }

    /** A tool_used row like the one ActionEvents makes for a slack.send_message call. */
    static EventLogEntry entry(UUID workspace) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("tool_id", "slack.send_message");
        context.put("connector", "slack");
        context.put("action", "send_message");
        context.put("rule", 2);
        context.put("provider", "runtime-stored-key");
        context.put("connection_id", "7d6c1a52-5f0e-4c7b-9a53-0f1d2c3b4a59");
        String trace = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return new EventLogEntry(workspace, "bench-user", ActionEvents.EVENT_TYPE, context, "success", 3, trace,
                OffsetDateTime.now(ZoneOffset.UTC));
    }
}
