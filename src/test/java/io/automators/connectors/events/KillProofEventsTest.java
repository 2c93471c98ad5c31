package io.automators.connectors.events;

import static io.automators.connectors.events.RuntimeProcess.HTTP;
import static io.automators.connectors.events.RuntimeProcess.JSON;
import static io.automators.connectors.events.RuntimeProcess.awaitHealthy;
import static io.automators.connectors.events.RuntimeProcess.freePort;
import static io.automators.connectors.events.RuntimeProcess.local;
import static io.automators.connectors.events.RuntimeProcess.request;
import static io.automators.connectors.events.RuntimeProcess.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.api.DemoDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The runtime, a process of its own, killed with SIGKILL in the middle of a 10,000-call burst (its
 * embedded PostgreSQL killed with it), then started again: every call that got its answer has its
 * event_logs row, exactly one — the events the killed process had accepted but not written are in the
 * journal, and the next start writes them — and its event reaches PostHog and RudderStack under one UUID.
 */
class KillProofEventsTest {

    static final WireMockServer POSTHOG = SinkStubs.posthog();
    static final WireMockServer RUDDERSTACK = SinkStubs.rudderstack();

    @Test
    void everyAnsweredCallOfABurstCutByAKillHasItsRowOnceAndItsEventAtEachSinkAfterTheRestart() throws Exception {
        Path dataDir = Path.of("target/test-data/" + ProcessHandle.current().pid() + "-kill").toAbsolutePath();
        List<Process> started = new ArrayList<>();
        try {
            int port = freePort();
            started.add(runtime(dataDir, port, 1));
            awaitHealthy(port);
            String key = DemoDatabase.firstRunEnv(dataDir).get("API_KEY");
            JsonNode connected = send(local(port), "POST", "/api/v1/connectors/postgresql/connect", key,
                    Map.of("name", "kill-test", "credentials", DemoDatabase.credentials(dataDir)));
            Map<String, Object> call = Map.of("input", Map.of(), "connectionId", connected.get("connectionId").asText());

            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicBoolean gone = new AtomicBoolean();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                callers.submit(() -> {
                    while (!gone.get()) {
                        try {
                            HttpResponse<String> r = HTTP.send(request(port, "POST",
                                    "/api/v1/connectors/postgresql/actions/list_tables", key, call), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.add(JSON.readTree(r.body()).get("traceId").asText());
                            }
                        } catch (IOException killed) {
                            gone.set(true);
                        }
                    }
                    return null;
                });
            }
            // The middle of a 10,000-call burst.
            await().atMost(Duration.ofSeconds(120)).until(() -> answered.size() >= 5_000);
            kill(started.get(0), dataDir);
            gone.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            int again = freePort();
            started.add(runtime(dataDir, again, 2));
            awaitHealthy(again);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> missing = new ArrayList<>();
                for (String trace : answered) {
                    int rows = send(local(again), "GET", "/api/v1/traces/" + trace, key, null).get("eventLogs").size();
                    assertThat(rows).as("rows of the answered call " + trace).isLessThanOrEqualTo(1);
                    if (rows == 0) {
                        missing.add(trace);
                    }
                }
                assertThat(missing).as("answered calls without their row").isEmpty();
            });
            // A batch the killed process had sent and not yet marked sent is sent again after the restart, with
            // the same UUID (PostHog's uuid, RudderStack's messageId): one event at the sink, however often it came.
            for (var sink : Map.of(POSTHOG, "uuid", RUDDERSTACK, "messageId").entrySet()) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        SinkStubs.acceptedByTrace(sink.getKey(), sink.getValue()).keySet()).containsAll(answered));
                Map<String, List<String>> byTrace = SinkStubs.acceptedByTrace(sink.getKey(), sink.getValue());
                assertThat(answered).as("each answered call's event at " + sink.getValue() + ", under one UUID")
                        .allSatisfy(trace -> assertThat(Set.copyOf(byTrace.get(trace))).hasSize(1));
            }
        } finally {
            for (Process p : started) {
                kill(p, dataDir);
            }
        }
    }

    private static Process runtime(Path dataDir, int port, int run) throws IOException {
        // The run after the kill must find the killed one's journal.
        List<String> args = new ArrayList<>(List.of("--automators.data-dir=" + dataDir, "--automators.embedded-postgres.port=0",
                "--automators.events.journal.directory=" + dataDir.resolve("event-journal")));
        args.addAll(SinkStubs.runtimeArgs(POSTHOG, RUDDERSTACK));
        return RuntimeProcess.start(port, dataDir.resolveSibling(dataDir.getFileName() + "-run" + run + ".log"),
                args.toArray(String[]::new));
    }

    /** SIGKILL to the runtime, and to the PostgreSQL it started (which would outlive it). */
    private static void kill(Process runtime, Path dataDir) throws Exception {
        runtime.destroyForcibly();
        runtime.waitFor(30, TimeUnit.SECONDS);
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        if (Files.exists(pid)) {
            long postgres = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            ProcessHandle.of(postgres).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

}
