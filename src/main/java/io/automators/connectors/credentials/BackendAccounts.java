package io.automators.connectors.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.TenantJdbc;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A workspace's own identity at a waterfall backend ({@code backend_accounts}, under row-level
 * security): Composio's user id whose connected accounts run the workspace's tools. Not a secret — an
 * id the workspace chose at the backend — but the workspace's alone. Read on the call path, so kept
 * for a few seconds; a change is seen on every node within that time.
 */
@Component
public class BackendAccounts {

    /** The backends a workspace has an identity at. */
    public static final Set<String> BACKENDS = Set.of("composio");
    private static final Pattern ACCOUNT = Pattern.compile("^[A-Za-z0-9_.@:+-]{1,200}$");

    private final TenantJdbc tenantJdbc;
    private final Cache<Key, Optional<String>> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10)).maximumSize(100_000).build();

    public BackendAccounts(TenantJdbc tenantJdbc) {
        this.tenantJdbc = tenantJdbc;
    }

    private record Key(UUID workspace, String backend) {}

    /** One identity, as the API shows it. */
    public record Account(String backend, String accountId, OffsetDateTime updatedAt) {}

    /** The workspace's id at the backend, if it set one. */
    public Optional<String> find(UUID workspace, String backend) {
        return cache.get(new Key(workspace, backend), key -> tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForList(
                "SELECT account_id FROM backend_accounts WHERE backend = ?", String.class, backend)).stream().findFirst());
    }

    public List<Account> list(UUID workspace) {
        return tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.query("SELECT backend, account_id, updated_at FROM backend_accounts"
                + " ORDER BY backend", (rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))));
    }

    public Account set(UUID workspace, String backend, String accountId) {
        check(backend);
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw CallFailure.invalidInputAt("/accountId", "1 to 200 letters, digits and _ . @ : + -");
        }
        Account saved = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForObject("INSERT INTO backend_accounts"
                + " (workspace_id, backend, account_id) VALUES (?, ?, ?) ON CONFLICT (workspace_id, backend)"
                + " DO UPDATE SET account_id = EXCLUDED.account_id, updated_at = now() RETURNING backend, account_id, updated_at",
                (rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)),
                workspace, backend, accountId));
        cache.invalidate(new Key(workspace, backend));
        return saved;
    }

    /** Forgets it; the workspace's id is its identity at the backend again. */
    public boolean remove(UUID workspace, String backend) {
        check(backend);
        int removed = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update("DELETE FROM backend_accounts WHERE backend = ?", backend));
        cache.invalidate(new Key(workspace, backend));
        return removed > 0;
    }

    private static void check(String backend) {
        if (!BACKENDS.contains(backend)) {
            throw CallFailure.notFound("no backend account '" + backend + "'; a workspace has one at " + BACKENDS);
        }
    }
}
