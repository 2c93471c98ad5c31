package io.automators.connectors.events;

import static io.automators.connectors.events.RuntimeProcess.HTTP;
import static io.automators.connectors.events.RuntimeProcess.JSON;
import static io.automators.connectors.events.RuntimeProcess.awaitHealthy;
import static io.automators.connectors.events.RuntimeProcess.freePort;
import static io.automators.connectors.events.RuntimeProcess.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.api.DemoDatabase;
import io.automators.connectors.slack.SlackStub;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runtime's PostgreSQL stopped for 30 s in the middle of a burst of Slack calls, then started again:
 * the runtime keeps answering what it can without its database, and every call that got its answer —
 * before, during or after the outage — has exactly one event_logs row once PostgreSQL is back, and its
 * event reaches PostHog and RudderStack exactly once.
 */
class PostgresOutageTest {

    static final WireMockServer POSTHOG = SinkStubs.posthog();
    static final WireMockServer RUDDERSTACK = SinkStubs.rudderstack();

    @Test
    void everyCallAnsweredAroundAnOutageHasItsRowOnceThePostgresIsBack() throws Exception {
        Path base = Path.of("target/test-data/" + ProcessHandle.current().pid() + "-outage").toAbsolutePath();
        Path pgDir = base.resolve("postgres");
        Files.createDirectories(pgDir);
        int pgPort = freePort();
        EmbeddedPostgres postgres = postgres(pgDir, pgPort);
        Process runtime = null;
        try {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("--automators.data-dir=" + base.resolve("data"),
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                    "--spring.datasource.username=postgres", "--automators.connectors.slack.base-url=" + SlackStub.baseUrl()));
            args.addAll(SinkStubs.runtimeArgs(POSTHOG, RUDDERSTACK));
            runtime = RuntimeProcess.start(port, base.resolve("runtime.log"), args.toArray(String[]::new));
            awaitHealthy(port);
            String key = DemoDatabase.firstRunEnv(base.resolve("data")).get("API_KEY");
            HttpResponse<String> connected = HTTP.send(request(port, "POST", "/api/v1/connectors/slack/connect", key,
                    Map.of("name", "outage", "credentials", Map.of("apiKey", "xoxb-outage-test"))), HttpResponse.BodyHandlers.ofString());
            assertThat(connected.statusCode()).as(connected.body()).isEqualTo(201);

            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger refusedWhileDown = new AtomicInteger();
            AtomicBoolean down = new AtomicBoolean();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService callers = Executors.newFixedThreadPool(2);
            for (int i = 0; i < 2; i++) {
                callers.submit(() -> {
                    while (!done.get()) {
                        try {
                            HttpResponse<String> r = HTTP.send(request(port, "POST", "/api/v1/connectors/slack/actions/send_message",
                                    key, Map.of("input", Map.of("channel", "C123ABC456", "text", "outage"))),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.add(JSON.readTree(r.body()).get("traceId").asText());
                            } else if (down.get()) {
                                refusedWhileDown.incrementAndGet();
                            }
                        } catch (IOException slow) {
                            // Waiting for the database: not an answer, not a failure of the test.
                            refusedWhileDown.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= 100);
            int beforeOutage = answered.size();
            postgres.close();
            down.set(true);
            Thread.sleep(30_000);
            int duringOutage = answered.size() - beforeOutage;
            postgres = postgres(pgDir, pgPort);
            down.set(false);
            int atReturn = answered.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.size() >= atReturn + 50);
            done.set(true);
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(duringOutage).as("calls answered while PostgreSQL was down (refused: %s)", refusedWhileDown.get())
                    .isGreaterThan(0);

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                List<String> missing = new ArrayList<>();
                for (String trace : answered) {
                    HttpResponse<String> r = HTTP.send(request(port, "GET", "/api/v1/traces/" + trace, key, null),
                            HttpResponse.BodyHandlers.ofString());
                    int rows = JSON.readTree(r.body()).get("eventLogs").size();
                    assertThat(rows).as("rows of " + trace).isLessThanOrEqualTo(1);
                    if (rows == 0) {
                        missing.add(trace);
                    }
                }
                assertThat(missing).as("answered calls without their row").isEmpty();
            });
            for (var sink : Map.of(POSTHOG, "uuid", RUDDERSTACK, "messageId").entrySet()) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        SinkStubs.acceptedByTrace(sink.getKey(), sink.getValue()).keySet()).containsAll(answered));
                Map<String, List<String>> byTrace = SinkStubs.acceptedByTrace(sink.getKey(), sink.getValue());
                assertThat(answered).as("each answered call's event once at " + sink.getValue())
                        .allSatisfy(trace -> assertThat(byTrace.get(trace)).hasSize(1));
            }
        } finally {
            if (runtime != null) {
                runtime.destroyForcibly();
                runtime.waitFor(30, TimeUnit.SECONDS);
            }
            postgres.close();
        }
    }

    private static EmbeddedPostgres postgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }
}
