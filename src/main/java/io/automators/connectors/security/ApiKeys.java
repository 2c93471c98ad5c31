package io.automators.connectors.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.storage.TenantJdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Workspace API keys: issued once, stored as SHA-256 hashes only (they are 256-bit random, so a
 * slow hash adds nothing), resolved through the {@code resolve_api_key} definer function.
 */
@Component
public class ApiKeys {

    private static final String PREFIX = "ak_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Resolved keys are remembered briefly so that each call does not cost a database round trip. */
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final TenantJdbc tenantJdbc;
    /** By key hash; a revoked key keeps working on this replica for at most CACHE_TTL. */
    private final Cache<String, Workspace> cache = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();

    public ApiKeys(TenantJdbc tenantJdbc) {
        this.tenantJdbc = tenantJdbc;
    }

    /** Creates a key for the workspace and returns it in clear, the only time it is ever seen. */
    public String issue(UUID workspaceId, String userId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.update(
                "INSERT INTO api_keys (id, workspace_id, user_id, key_hash, key_prefix) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(), workspaceId, userId, hash(key), key.substring(0, 8)));
        return key;
    }

    public Optional<Workspace> resolve(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = hash(key);
        String cacheKey = Base64.getEncoder().encodeToString(hash);
        Workspace cached = cache.getIfPresent(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<Workspace> found = tenantJdbc.jdbc().query(
                "SELECT workspace_id, organization_id, plan, user_id FROM resolve_api_key(?)",
                (rs, i) -> new Workspace(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4)),
                (Object) hash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        cache.put(cacheKey, found.get(0));
        return Optional.of(found.get(0));
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
