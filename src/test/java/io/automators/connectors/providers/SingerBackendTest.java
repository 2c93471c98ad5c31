package io.automators.connectors.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.automators.connectors.storage.RuntimeDatabaseConfiguration.RuntimeDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rule 8 through the HTTP API: a data-sync action runs a Singer tap of the tests
 * (src/test/resources/backends/singer/tap-orders, following the Singer specification) and loads its
 * streams into the target database (the embedded server's database "singer", schema singer_test):
 * a tap killed half-way keeps the records of its last bookmark and its re-run loads every record
 * exactly once, a line that is no Singer message fails clearly, a hanging tap is killed with its child.
 */
class SingerBackendTest extends BackendStubs {

    @Autowired
    RuntimeDatabase runtimeDatabase;

    @Test
    void aTapKilledHalfWayAndRunAgainLoadsEveryRecordExactlyOnce() throws Exception {
        Tenant t = newWorkspace("pro");

        Response crashed = act(t, "orders-sync", "sync", Map.of("input", Map.of()));

        // Killed after order 12: the bookmark of order 10 and the 10 orders before it are kept, 11 and 12 are not.
        assertThat(crashed.status()).as(crashed.toString()).isEqualTo(502);
        assertThat(crashed.json().get("detail").asText()).contains("the Singer tap tap-orders exited 137");
        assertThat(crashed.json().get("recordsKept").asInt()).isEqualTo(20); // 10 orders and their 10 events
        assertThat(crashed.json().get("outputTail").toString()).contains("the tap died").contains("api_key=***")
                .doesNotContain("tap-secret-value");
        assertThat(ids("crash_orders", "id")).containsExactlyElementsOf(range(1, 10));
        assertThat(ids("crash_order_events", "order_id")).containsExactlyElementsOf(range(1, 10));

        Response rerun = act(t, "orders-sync", "sync", Map.of("input", Map.of()));

        assertThat(rerun.status()).as(rerun.toString()).isEqualTo(200);
        assertThat(rerun.json().get("rule").asInt()).isEqualTo(8);
        assertThat(rerun.json().get("provider").asText()).isEqualTo("singer");
        assertThat(rerun.json().at("/output/streams/crash_orders").asInt()).isEqualTo(10);
        assertThat(rerun.json().at("/output/state/bookmarks/orders/last_id").asInt()).isEqualTo(20);
        // The keyless stream proves it: no upsert could hide a record loaded twice.
        assertThat(ids("crash_orders", "id")).containsExactlyElementsOf(range(1, 20));
        assertThat(ids("crash_order_events", "order_id")).containsExactlyElementsOf(range(1, 20));
        try (Connection db = target()) {
            var rs = db.createStatement().executeQuery("SELECT amount, status, paid_at, lines->0->>'sku' FROM singer_test.crash_orders"
                    + " WHERE id = 7");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(7.5);
            assertThat(rs.getString(2)).isEqualTo("paid");
            assertThat(rs.getObject(3, java.time.OffsetDateTime.class).toInstant()).isEqualTo(java.time.Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(rs.getString(4)).isEqualTo("A-7");
        }
        assertThat(eventRow(rerun.json().get("traceId").asText()).get("context").toString()).contains("sync done");
    }

    @Test
    void aLineThatIsNoSingerMessageFailsClearlyAndKeepsOnlyWhatTheLastBookmarkCovers() throws Exception {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "garbage-sync", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("type").asText()).endsWith("/vendor-rejected");
        assertThat(r.json().get("detail").asText()).contains("is not JSON (not a valid Singer message)");
        assertThat(ids("garbage_orders", "id")).containsExactlyElementsOf(range(1, 5));
    }

    @Test
    void aTapPastItsMaximumRuntimeIsKilledWithItsChild() throws Exception {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "slow-sync", "sync", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(504);
        assertThat(r.json().get("detail").asText()).contains("killed with its children");
        long child = Long.parseLong(Files.readString(SINGER_DIRECTORY.resolve("slow-tap-child.pid")).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    private List<Integer> ids(String table, String column) throws Exception {
        try (Connection db = target()) {
            var rs = db.createStatement().executeQuery("SELECT " + column + " FROM singer_test." + table + " ORDER BY 1");
            List<Integer> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    private Connection target() throws Exception {
        var server = runtimeDatabase.embedded();
        return DriverManager.getConnection(server.jdbcUrl("singer"), "postgres", server.superuserPassword());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
