package io.automators.connectors.flags;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.TenantJdbc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Feature flags (the plan's {@code feature_flags}): a flag is decided by the most specific row —
 * the user's in the workspace, then the workspace's, then the global one — else its default. Kept
 * {@link #CACHE_TTL} per (workspace, user, flag); a change made on this node counts at once, one made
 * on another node within that time. Where no row decides, PostHog's flags do (when configured), then the default.
 */
@Component
public class FeatureFlags {

    /** The plan's flags and what they are when nobody set them. */
    public static final Map<String, Boolean> DEFAULTS = Map.of(
            "track_model_costs", true,
            "enable_guardrails_tracing", true,
            "versioned_rag_tracking", true,
            "agent_debugger_ui", false);
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    private final TenantJdbc tenantJdbc;
    private final JdbcTemplate owner;
    private final PostHogFlags postHog;
    private final Cache<Key, Flag> cache = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();

    public FeatureFlags(TenantJdbc tenantJdbc, @Qualifier("ownerDataSource") DataSource ownerDataSource,
            PostHogFlags postHog) {
        this.tenantJdbc = tenantJdbc;
        this.postHog = postHog;
        this.owner = new JdbcTemplate(ownerDataSource);
    }

    public boolean isEnabled(UUID workspaceId, String userId, String flag) {
        return evaluate(workspaceId, userId, flag).enabled();
    }

    /** The flag for this workspace and user (null: none), and which row (or the default) decided it. */
    public Flag evaluate(UUID workspaceId, String userId, String flag) {
        return cache.get(new Key(workspaceId, userId, flag), key -> {
            check(flag);
            List<Row> rows = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.query(
                    "SELECT workspace_id, user_id, is_enabled FROM feature_flags WHERE flag_name = ?",
                    (rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)), flag));
            Flag decided = decide(flag, workspaceId, userId, rows);
            if (!"default".equals(decided.source())) {
                return decided;
            }
            return postHog.evaluate(workspaceId, userId, flag).map(on -> new Flag(flag, on, "posthog")).orElse(decided);
        });
    }

    /** Every flag the workspace sees (the plan's and any with a row), decided for the user. */
    public List<Flag> all(UUID workspaceId, String userId) {
        TreeSet<String> names = new TreeSet<>(DEFAULTS.keySet());
        names.addAll(tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForList(
                "SELECT DISTINCT flag_name FROM feature_flags", String.class)));
        List<Flag> flags = new ArrayList<>();
        names.forEach(name -> flags.add(evaluate(workspaceId, userId, name)));
        return flags;
    }

    /** Sets the workspace's flag, or one user's in it (userId not null). */
    public void set(UUID workspaceId, String userId, String flag, boolean enabled) {
        check(flag);
        tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.update("INSERT INTO feature_flags (flag_name, is_enabled, user_id,"
                + " workspace_id) VALUES (?, ?, ?, ?) ON CONFLICT (flag_name, coalesce(workspace_id::text, ''),"
                + " coalesce(user_id, '')) DO UPDATE SET is_enabled = EXCLUDED.is_enabled, updated_at = now()",
                flag, enabled, userId, workspaceId));
        forget(flag);
    }

    /** Removes the workspace's (or the user's) row: the next broader one decides again. Answers whether there was one. */
    public boolean unset(UUID workspaceId, String userId, String flag) {
        check(flag);
        int removed = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.update("DELETE FROM feature_flags WHERE flag_name = ?"
                + " AND workspace_id = ? AND user_id IS NOT DISTINCT FROM ?", flag, workspaceId, userId));
        forget(flag);
        return removed > 0;
    }

    /** Sets the global flag (the admin API; the owner role's own policy). */
    public void setGlobal(String flag, boolean enabled) {
        check(flag);
        owner.update("INSERT INTO feature_flags (flag_name, is_enabled) VALUES (?, ?) ON CONFLICT (flag_name,"
                + " coalesce(workspace_id::text, ''), coalesce(user_id, '')) DO UPDATE SET is_enabled = EXCLUDED.is_enabled,"
                + " updated_at = now()", flag, enabled);
        forget(flag);
    }

    public boolean unsetGlobal(String flag) {
        check(flag);
        int removed = owner.update("DELETE FROM feature_flags WHERE flag_name = ? AND workspace_id IS NULL AND user_id IS NULL", flag);
        forget(flag);
        return removed > 0;
    }

    /** The global flags that are set. */
    public Map<String, Boolean> globals() {
        Map<String, Boolean> globals = new java.util.TreeMap<>();
        owner.query("SELECT flag_name, is_enabled FROM feature_flags WHERE workspace_id IS NULL AND user_id IS NULL",
                rs -> { globals.put(rs.getString(1), rs.getBoolean(2)); });
        return globals;
    }

    static Flag decide(String flag, UUID workspaceId, String userId, List<Row> rows) {
        if (userId != null) {
            for (Row row : rows) {
                if (workspaceId.equals(row.workspaceId()) && userId.equals(row.userId())) {
                    return new Flag(flag, row.enabled(), "user");
                }
            }
        }
        for (Row row : rows) {
            if (workspaceId.equals(row.workspaceId()) && row.userId() == null) {
                return new Flag(flag, row.enabled(), "workspace");
            }
        }
        for (Row row : rows) {
            if (row.workspaceId() == null && row.userId() == null) {
                return new Flag(flag, row.enabled(), "global");
            }
        }
        return new Flag(flag, DEFAULTS.getOrDefault(flag, false), "default");
    }

    private void forget(String flag) {
        cache.asMap().keySet().removeIf(key -> key.flag().equals(flag));
    }

    private static void check(String flag) {
        if (flag == null || !NAME.matcher(flag).matches()) {
            throw CallFailure.invalidInputAt("/name", "a flag's name is lower case letters, digits and _ (at most 100)");
        }
    }

    /** A flag as decided: on or off, and by what: user, workspace, global or default. */
    public record Flag(String name, boolean enabled, String source) {}

    record Row(UUID workspaceId, String userId, boolean enabled) {}

    private record Key(UUID workspaceId, String userId, String flag) {
        Key {
            Objects.requireNonNull(workspaceId);
        }
    }
}
