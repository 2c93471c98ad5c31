package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.storage.TenantJdbc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every action call leaves exactly one event_logs row, also under a burst. */
class EventLogBurstTest extends ApiTestSupport {

    private static final int CALLS = 10_000;
    private static final int CLIENTS = 8;

    @Autowired
    TenantJdbc tenantJdbc;

    @Test
    void recordsExactlyOneRowForEachOfTenThousandCalls() throws Exception {
        Tenant t = newWorkspace("pro");
        assertThat(call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("credentials", DemoDatabase.credentials())).status()).isEqualTo(201);

        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < CALLS; i = next.getAndIncrement()) {
                        Response r = call("POST", "/api/v1/connectors/postgresql/actions/execute_query", t.apiKey(),
                                Map.of("input", Map.of("sql", "SELECT ?::int AS n", "params", List.of(i))));
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdown();
        }
        assertThat(ok.get()).isEqualTo(CALLS);

        UUID workspace = UUID.fromString(t.workspaceId());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> rows(workspace) >= CALLS);
        assertThat(rows(workspace)).isEqualTo(CALLS);
        Integer distinctTraces = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForObject(
                "SELECT count(DISTINCT trace_id) FROM event_logs WHERE event_type = 'tool_used'", Integer.class));
        assertThat(distinctTraces).isEqualTo(CALLS);
    }

    private int rows(UUID workspace) {
        return tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForObject(
                "SELECT count(*) FROM event_logs WHERE event_type = 'tool_used'", Integer.class));
    }
}
