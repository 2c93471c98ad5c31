package io.automators.connectors.quotas;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.TenantJdbc;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Rule 3's quota: each call a workspace makes on a platform's shared key is counted in the runtime's
 * PostgreSQL, per UTC day, by one upsert that adds the call only while the day's count is under the
 * workspace plan's limit — so every node and every restart see one count, and two calls at once can
 * never both take the last one. A spent quota is a 429 whose Retry-After is the time until the day ends.
 */
@Component
public class SharedKeyQuota {

    private static final String SPEND = "INSERT INTO shared_key_usage (workspace_id, day, calls) VALUES (?, ?, 1)"
            + " ON CONFLICT (workspace_id, day) DO UPDATE SET calls = shared_key_usage.calls + 1"
            + " WHERE shared_key_usage.calls < ? RETURNING calls";

    private final TenantJdbc tenantJdbc;
    private final QuotaProperties properties;
    private final Clock clock;

    @Autowired
    public SharedKeyQuota(TenantJdbc tenantJdbc, QuotaProperties properties) {
        this(tenantJdbc, properties, Clock.systemUTC());
    }

    SharedKeyQuota(TenantJdbc tenantJdbc, QuotaProperties properties, Clock clock) {
        this.tenantJdbc = tenantJdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** A workspace's use of the shared keys today. {@code limit} -1: none. */
    public record Usage(LocalDate day, Instant resetsAt, long used, long limit) {
        public long remaining() { return limit < 0 ? -1 : Math.max(0, limit - used); }
    }

    /** Counts one shared-key call of the workspace, or refuses it (rate-limited, with Retry-After) when the plan's day is spent. */
    public void spend(UUID workspaceId, String plan) {
        long limit = properties.getSharedKey().limitOf(plan);
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Long> counted = limit == 0 ? List.of() : tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForList(SPEND,
                Long.class, workspaceId, Date.valueOf(day), limit < 0 ? Long.MAX_VALUE : limit));
        if (counted.isEmpty()) {
            Instant resetsAt = resetOf(day);
            long seconds = Math.max(1, Duration.between(clock.instant(), resetsAt).toSeconds());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("quota", limit);
            details.put("plan", plan);
            details.put("resetsAt", resetsAt.toString());
            throw CallFailure.quotaSpent("the " + plan + " plan's " + limit + " calls a day on the platform's shared keys are spent;"
                    + " connect your own key, or wait until " + resetsAt, String.valueOf(seconds), details);
        }
    }

    public Usage usage(UUID workspaceId, String plan) {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Long> calls = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForList(
                "SELECT calls FROM shared_key_usage WHERE workspace_id = ? AND day = ?", Long.class, workspaceId, Date.valueOf(day)));
        return new Usage(day, resetOf(day), calls.isEmpty() ? 0 : calls.get(0), properties.getSharedKey().limitOf(plan));
    }

    private static Instant resetOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
