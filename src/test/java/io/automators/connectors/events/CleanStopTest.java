package io.automators.connectors.events;

import static io.automators.connectors.events.RuntimeProcess.HTTP;
import static io.automators.connectors.events.RuntimeProcess.JSON;
import static io.automators.connectors.events.RuntimeProcess.baseUrl;
import static io.automators.connectors.events.RuntimeProcess.request;
import static io.automators.connectors.events.RuntimeProcess.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.AutomatorsApplication;
import io.automators.connectors.api.DemoDatabase;
import io.automators.connectors.security.AdminToken;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A clean stop in the middle of a burst of action calls loses nothing: every call that got its answer
 * has its event_logs row, and after the next start each of those events reaches PostHog and RudderStack
 * exactly once. The runtime runs here on a data directory of its own (its own PostgreSQL), so no
 * other test's runtime drains its outbox.
 */
class CleanStopTest {

    static final WireMockServer POSTHOG = SinkStubs.posthog();
    static final WireMockServer RUDDERSTACK = SinkStubs.rudderstack();

    @AfterAll
    static void stop() {
        POSTHOG.stop();
        RUDDERSTACK.stop();
    }

    @Test
    void everyAnsweredCallOfABurstCutByACleanStopHasItsRowAndReachesEachSinkOnce() throws Exception {
        String dataDir = "target/test-data/" + ProcessHandle.current().pid() + "-clean-stop";
        ConfigurableApplicationContext first = start(dataDir);
        String base = baseUrl(first);
        JsonNode workspace = send(base, "POST", "/api/v1/admin/workspaces", first.getBean(AdminToken.class).value(),
                Map.of("name", "clean-stop", "plan", "pro"));
        String key = workspace.get("apiKey").asText();
        send(base, "POST", "/api/v1/connectors/postgresql/connect", key,
                Map.of("name", "demo", "credentials", DemoDatabase.credentials(Path.of(dataDir))));

        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean refused = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            callers.submit(() -> {
                while (!refused.get()) {
                    try {
                        HttpResponse<String> r = HTTP.send(request(base, "POST", "/api/v1/connectors/postgresql/actions/list_tables",
                                key, Map.of("input", Map.of())), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answered.add(JSON.readTree(r.body()).get("traceId").asText());
                        }
                    } catch (IOException stopped) {
                        refused.set(true);
                    }
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.size() >= 200);
        first.close();
        refused.set(true);
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        ConfigurableApplicationContext second = start(dataDir);
        try {
            JdbcTemplate owner = new JdbcTemplate(second.getBean("ownerDataSource", DataSource.class));
            String workspaceId = workspace.get("workspaceId").asText();
            Map<String, Long> rowsByTrace = new HashMap<>();
            owner.query("SELECT trace_id, count(*) FROM event_logs WHERE workspace_id = ?::uuid GROUP BY trace_id",
                    rs -> { rowsByTrace.put(rs.getString(1), rs.getLong(2)); }, workspaceId);
            assertThat(rowsByTrace.keySet()).as("every answered call has its row").containsAll(answered);
            assertThat(rowsByTrace.values()).as("one row per call").allMatch(n -> n == 1);

            List<String> eventIds = owner.queryForList("SELECT event_id::text FROM event_logs WHERE workspace_id = ?::uuid",
                    String.class, workspaceId);
            for (var sink : Map.of(POSTHOG, "uuid", RUDDERSTACK, "messageId").entrySet()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> SinkStubs.accepted(sink.getKey(), sink.getValue()).containsAll(eventIds));
                List<String> received = SinkStubs.accepted(sink.getKey(), sink.getValue());
                assertThat(received.stream().filter(eventIds::contains)).as("each event once at " + sink.getValue())
                        .hasSize(eventIds.size()).doesNotHaveDuplicates();
            }
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(String dataDir) {
        // Command-line arguments: they win over the data directory the other test classes set as a system property.
        // The second start must find the first one's journal.
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--automators.data-dir=" + dataDir,
                "--automators.events.journal.directory=" + dataDir + "/event-journal", "--automators.datasource.max-pool-size=6"));
        args.addAll(SinkStubs.runtimeArgs(POSTHOG, RUDDERSTACK));
        return new SpringApplicationBuilder(AutomatorsApplication.class).profiles("test").run(args.toArray(String[]::new));
    }



}
