package io.automators.connectors.providers.nango;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.automators.connectors.credentials.Connections;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Access tokens of Nango connections, held in memory until shortly before they expire. One token
 * request per connection at a time: concurrent calls on an expired or unknown token wait for the
 * one request in flight (Caffeine computes a key once), so 50 calls make one request. On several
 * nodes each node asks once per expiry; Nango itself serializes the refresh.
 */
@Component
public class NangoTokens {

    /** Taken from a token's lifetime, so no call goes out with a token about to expire. */
    static final Duration MARGIN = Duration.ofSeconds(60);
    /** How long a token without an expiry is used before Nango is asked again. */
    static final Duration NO_EXPIRY_HOLD = Duration.ofMinutes(5);

    private final NangoClient nango;
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

    public NangoTokens(NangoClient nango) {
        this.nango = nango;
    }

    /** The connection's access token: from memory, or from Nango once for all concurrent callers. */
    public String accessToken(UUID connectionId, String nangoConnectionId, String providerConfigKey) {
        return tokens.get(connectionId, id -> nango.token(nangoConnectionId, providerConfigKey, false)).accessToken();
    }

    /**
     * A new token after the vendor refused the one held: Nango is asked to refresh (force_refresh),
     * once for all callers that met the refusal together.
     */
    public String refreshedToken(UUID connectionId, String nangoConnectionId, String providerConfigKey, String refused) {
        return tokens.asMap().compute(connectionId, (id, held) -> held != null && refused != null
                && !held.accessToken().equals(refused)
                ? held // another caller refreshed it already
                : nango.token(nangoConnectionId, providerConfigKey, true)).accessToken();
    }

    /** Forgets the connection's token (disconnected, or the vendor refused it). */
    public void forget(UUID connectionId) {
        tokens.invalidate(connectionId);
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        forget(removed.connectionId());
    }

    static Duration holdFor(NangoClient.NangoToken token) {
        if (token.expiresAt() == null) {
            return NO_EXPIRY_HOLD;
        }
        Duration left = Duration.between(Instant.now(), token.expiresAt()).minus(MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
