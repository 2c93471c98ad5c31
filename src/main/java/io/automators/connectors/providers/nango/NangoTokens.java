package io.automators.connectors.providers.nango;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.automators.connectors.credentials.Connections;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Access tokens of Nango connections, held in memory until shortly before they expire. One token
 * request per connection at a time, on every node: concurrent calls on this node wait for the one in
 * flight (Caffeine computes a key once), and the request runs with the connection's row locked in
 * the runtime's PostgreSQL, where the token is kept sealed, so a node that waited uses the token
 * another node fetched instead of asking Nango again. 50 calls on any number of nodes make one request.
 */
@Component
public class NangoTokens {

    /** Taken from a token's lifetime, so no call goes out with a token about to expire. */
    static final Duration MARGIN = Duration.ofSeconds(60);
    /** How long a token without an expiry is used before Nango is asked again. */
    static final Duration NO_EXPIRY_HOLD = Duration.ofMinutes(5);
    /** How a connection_config value is kept beside the token. */
    private static final String CONFIG = "config.";

    private final NangoClient nango;
    private final Connections connections;
    private final Cache<UUID, NangoClient.NangoToken> tokens = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfter(new Expiry<UUID, NangoClient.NangoToken>() {
                @Override
                public long expireAfterCreate(UUID key, NangoClient.NangoToken token, long now) {
                    return holdFor(token).toNanos();
                }

                @Override
                public long expireAfterUpdate(UUID key, NangoClient.NangoToken token, long now, long current) {
                    return holdFor(token).toNanos();
                }

                @Override
                public long expireAfterRead(UUID key, NangoClient.NangoToken token, long now, long current) {
                    return current;
                }
            }).build();

    public NangoTokens(NangoClient nango, Connections connections) {
        this.nango = nango;
        this.connections = connections;
    }

    /** The connection's access token (and its connection_config): from memory, the store, or from Nango once for all callers. */
    public NangoClient.NangoToken accessToken(UUID workspaceId, UUID connectionId, String nangoConnectionId,
            String providerConfigKey) {
        return tokens.get(connectionId, id -> shared(workspaceId, connectionId, nangoConnectionId, providerConfigKey, null));
    }

    /**
     * A new token after the vendor refused {@code refused} (null: refresh whatever is held): Nango is
     * asked to refresh (force_refresh), once for all callers that met the refusal together.
     */
    public NangoClient.NangoToken refreshedToken(UUID workspaceId, UUID connectionId, String nangoConnectionId,
            String providerConfigKey, String refused) {
        return tokens.asMap().compute(connectionId, (id, held) -> held != null && refused != null
                && !held.accessToken().equals(refused)
                ? held // another caller refreshed it already
                : shared(workspaceId, connectionId, nangoConnectionId, providerConfigKey, refused == null ? "" : refused));
    }

    /**
     * The token kept for the connection if it is still good (and not the one refused), else one from
     * Nango, kept before the row's lock is let go. {@code refused}: null to use a good kept token, ""
     * to force a refresh whatever is kept.
     */
    private NangoClient.NangoToken shared(UUID workspaceId, UUID connectionId, String nangoConnectionId,
            String providerConfigKey, String refused) {
        Map<String, String> kept = connections.updateCredentialsLocked(workspaceId, connectionId, credentials -> {
            NangoClient.NangoToken held = kept(credentials);
            boolean good = held != null && holdFor(held).compareTo(Duration.ZERO) > 0;
            boolean refusedNow = refused != null && (refused.isEmpty() || held == null || refused.equals(held.accessToken()));
            if (good && !refusedNow) {
                return credentials;
            }
            NangoClient.NangoToken fetched = nango.token(nangoConnectionId, providerConfigKey, refused != null);
            // A token without an expiry is kept as long as it is held in memory.
            Instant expires = fetched.expiresAt() != null ? fetched.expiresAt() : Instant.now().plus(NO_EXPIRY_HOLD).plus(MARGIN);
            Map<String, String> keep = new java.util.LinkedHashMap<>();
            keep.put("accessToken", fetched.accessToken());
            keep.put("expiresAt", Long.toString(expires.getEpochSecond()));
            fetched.connectionConfig().forEach((key, value) -> keep.put(CONFIG + key, value));
            return keep;
        });
        return kept(kept);
    }

    private static NangoClient.NangoToken kept(Map<String, String> credentials) {
        String token = credentials.get("accessToken");
        String expires = credentials.get("expiresAt");
        Map<String, String> config = new java.util.LinkedHashMap<>();
        credentials.forEach((key, value) -> {
            if (key.startsWith(CONFIG)) {
                config.put(key.substring(CONFIG.length()), value);
            }
        });
        return token == null ? null : new NangoClient.NangoToken(token,
                expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires)), null, config);
    }

    /**
     * Forgets the connection's token, here and in the store: Nango refreshed or replaced it (its
     * webhook), or could not; the next call asks Nango.
     */
    public void forget(UUID workspaceId, UUID connectionId) {
        tokens.invalidate(connectionId);
        connections.updateCredentialsLocked(workspaceId, connectionId, credentials -> credentials.isEmpty() ? credentials : Map.of());
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        tokens.invalidate(removed.connectionId());
    }

    static Duration holdFor(NangoClient.NangoToken token) {
        if (token.expiresAt() == null) {
            return NO_EXPIRY_HOLD;
        }
        Duration left = Duration.between(Instant.now(), token.expiresAt()).minus(MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
