package io.automators.connectors.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.storage.TenantJdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 3's quota through the HTTP API: a workspace's plan allows so many calls a day on the platform's
 * shared keys; past them a call is a 429 quota-spent problem whose Retry-After runs to the end of the
 * UTC day, and {@code GET /api/v1/usage} shows the count. The count is PostgreSQL's — another node (here a
 * second {@link SharedKeyQuota} on the same database) sees and enforces the same one — and calls made at
 * once never take more than the plan allows.
 */
// A context of its own (its connector is in an overlay directory): closed after the class.
@DirtiesContext
class SharedKeyQuotaTest extends ApiTestSupport {

    private static final Path ROOT = Path.of("target/shared-key-quota-test/" + ProcessHandle.current().pid()).toAbsolutePath();

    @DynamicPropertySource
    static void meteredConnector(DynamicPropertyRegistry registry) {
        write("connectors/metered.yaml", """
                id: metered
                name: Metered
                category: testing
                version: 1.0.0
                family: http
                description: A connector the platform lends its own key for (rule 3).
                auth:
                  type: api_key
                  sharedKey: true
                  credentials:
                    - { name: apiKey, required: true, secret: true }
                actions:
                  ping:
                    description: Answers pong.
                    input: { type: object, additionalProperties: false }
                """);
        write("routes/connectors/metered.camel.yaml", """
                - route:
                    id: metered-ping
                    routeConfigurationId: call-errors
                    from:
                      uri: direct:metered-ping
                      steps:
                        - setBody:
                            constant: pong
                """);
        registry.add("automators.catalog.directory", () -> ROOT.resolve("connectors").toString());
        registry.add("automators.routes.directory", () -> ROOT.resolve("routes").toString());
        registry.add("automators.connectors.metered.shared-key", () -> "platform-key-for-metered");
        registry.add("automators.quotas.shared-key.calls-per-day.free", () -> "3");
        registry.add("automators.quotas.shared-key.calls-per-day.pro", () -> "20");
        registry.add("automators.datasource.max-pool-size", () -> "4");
    }

    @Autowired
    TenantJdbc tenantJdbc;

    @Autowired
    QuotaProperties properties;

    @Test
    void aFreeWorkspaceHasItsThreeCallsADayThenA429UntilTheDayEnds() {
        Tenant t = newWorkspace("free");
        for (int i = 0; i < 3; i++) {
            Response r = ping(t);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("rule").asInt()).isEqualTo(3);
            assertThat(r.json().get("output").asText()).isEqualTo("pong");
        }
        Response spent = ping(t);
        assertThat(spent.status()).as(spent.toString()).isEqualTo(429);
        assertThat(spent.contentType()).startsWith("application/problem+json");
        assertThat(spent.json().get("type").asText()).endsWith("/quota-spent");
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(spent.json().get("resetsAt").asText()).isEqualTo(midnight.toString());
        assertThat(spent.json().get("quota").asLong()).isEqualTo(3);
        long retryAfter = Long.parseLong(spent.header("Retry-After"));
        assertThat(retryAfter).as("seconds until the UTC day ends")
                .isBetween(Duration.between(Instant.now(), midnight).toSeconds() - 10, Duration.between(Instant.now(), midnight).toSeconds() + 1);
        assertThat(spent.body()).doesNotContain("platform-key-for-metered");

        Response usage = call("GET", "/api/v1/usage", t.apiKey(), null);
        assertThat(usage.status()).as(usage.toString()).isEqualTo(200);
        assertThat(usage.json().get("plan").asText()).isEqualTo("free");
        assertThat(usage.json().at("/sharedKeyCalls/used").asLong()).as("the refused call is not counted").isEqualTo(3);
        assertThat(usage.json().at("/sharedKeyCalls/limit").asLong()).isEqualTo(3);
        assertThat(usage.json().at("/sharedKeyCalls/remaining").asLong()).isZero();
        assertThat(usage.json().at("/sharedKeyCalls/window/resetsAt").asText()).isEqualTo(midnight.toString());

        Tenant other = newWorkspace("free");
        assertThat(ping(other).status()).as("another workspace's quota is its own").isEqualTo(200);
        assertThat(call("GET", "/api/v1/usage", null, null).status()).isEqualTo(401);
    }

    @Test
    void callsMadeAtOnceNeverTakeMoreThanThePlanAllows() throws Exception {
        Tenant t = newWorkspace("pro");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(() -> ping(t).status());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : callers.invokeAll(calls)) {
            statuses.add(f.get());
        }
        callers.shutdown();
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(20);
        assertThat(statuses.stream().filter(s -> s == 429)).hasSize(20);
        assertThat(call("GET", "/api/v1/usage", t.apiKey(), null).json().at("/sharedKeyCalls/used").asLong()).isEqualTo(20);
    }

    @Test
    void theCountIsTheOneEveryNodeSharesInPostgres() {
        Tenant t = newWorkspace("free");
        assertThat(ping(t).status()).isEqualTo(200);
        assertThat(ping(t).status()).isEqualTo(200);
        // Another node: its own SharedKeyQuota on the same database, nothing in memory shared with this one.
        SharedKeyQuota otherNode = new SharedKeyQuota(tenantJdbc, properties);
        UUID workspace = UUID.fromString(t.workspaceId());
        assertThat(otherNode.usage(workspace, "free").used()).isEqualTo(2);
        otherNode.spend(workspace, "free");
        assertThatThrownBy(() -> otherNode.spend(workspace, "free")).isInstanceOfSatisfying(CallFailure.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.QUOTA_SPENT));
        assertThat(ping(t).status()).as("spent on the other node, spent here").isEqualTo(429);
    }

    @Test
    void theWindowIsTheUtcDayAndANewDayStartsAFreshCount() {
        UUID workspace = UUID.fromString(newWorkspace("free").workspaceId());
        Instant lateToday = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(30);
        SharedKeyQuota late = new SharedKeyQuota(tenantJdbc, properties, Clock.fixed(lateToday, ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            late.spend(workspace, "free");
        }
        assertThatThrownBy(() -> late.spend(workspace, "free")).isInstanceOfSatisfying(CallFailure.class,
                f -> assertThat(f.details().get(CallFailure.RETRY_AFTER)).isEqualTo("30"));
        SharedKeyQuota tomorrow = new SharedKeyQuota(tenantJdbc, properties, Clock.fixed(lateToday.plusSeconds(60), ZoneOffset.UTC));
        tomorrow.spend(workspace, "free");
        assertThat(tomorrow.usage(workspace, "free").used()).isEqualTo(1);
    }

    private Response ping(Tenant t) {
        return call("POST", "/api/v1/connectors/metered/actions/ping", t.apiKey(), Map.of("input", Map.of()));
    }

    private static void write(String path, String content) {
        OverlayFiles.write(ROOT, path, content);
    }
}
