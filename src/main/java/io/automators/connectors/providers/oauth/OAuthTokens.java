package io.automators.connectors.providers.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Access tokens of built-in OAuth connections. A token is held in memory until shortly before it
 * expires; then one refresh serves everyone: concurrent calls on this node wait for the one in
 * flight (Caffeine computes a key once), and across nodes the refresh runs with the connection's row
 * locked in PostgreSQL, so a node that waited finds the token another node stored and uses it instead
 * of refreshing again (refresh tokens that rotate, as Microsoft's do, stay valid).
 */
@Component
public class OAuthTokens {

    /** Taken from a token's lifetime, so no call goes out with a token about to expire. */
    static final Duration MARGIN = Duration.ofSeconds(60);
    /** How long a token without an expiry is used before the store is read again. */
    static final Duration NO_EXPIRY_HOLD = Duration.ofMinutes(5);

    private final Connections connections;
    private final OAuthTokenEndpoint endpoint;
    private final Cache<UUID, Held> tokens = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfter(new Expiry<UUID, Held>() {
                @Override
                public long expireAfterCreate(UUID key, Held held, long now) {
                    return holdFor(held.expiresAt()).toNanos();
                }

                @Override
                public long expireAfterUpdate(UUID key, Held held, long now, long current) {
                    return holdFor(held.expiresAt()).toNanos();
                }

                @Override
                public long expireAfterRead(UUID key, Held held, long now, long current) {
                    return current;
                }
            }).build();

    public OAuthTokens(Connections connections, OAuthTokenEndpoint endpoint) {
        this.connections = connections;
        this.endpoint = endpoint;
    }

    /** The connection's access token: held, stored and still good, or refreshed once for all callers. */
    public String accessToken(UUID workspaceId, Connection connection, CatalogEntry connector) {
        return tokens.get(connection.id(), id -> current(workspaceId, connection, connector, null)).accessToken();
    }

    /** A new token after the vendor refused {@code refused}: refreshed once for all callers that met the refusal. */
    public String refreshedToken(UUID workspaceId, Connection connection, CatalogEntry connector, String refused) {
        return tokens.asMap().compute(connection.id(), (id, held) -> held != null && refused != null
                && !held.accessToken().equals(refused)
                ? held // another caller refreshed it already
                : current(workspaceId, connection, connector, refused == null ? "" : refused)).accessToken();
    }

    /**
     * The stored token if it is still good (and not the one refused), else a refresh at the vendor,
     * stored before the lock is let go. {@code refused}: null to use a good stored token, "" to refresh
     * whatever is stored.
     */
    private Held current(UUID workspaceId, Connection connection, CatalogEntry connector, String refused) {
        Map<String, String> stored = connections.updateCredentialsLocked(workspaceId, connection.id(), credentials -> {
            Held held = Held.of(credentials);
            boolean good = held.accessToken() != null && holdFor(held.expiresAt()).compareTo(Duration.ZERO) > 0;
            boolean refusedNow = refused != null && (refused.isEmpty() || refused.equals(held.accessToken()));
            if (good && !refusedNow) {
                return credentials;
            }
            String refreshToken = credentials.get("refreshToken");
            if (refreshToken == null || refreshToken.isBlank()) {
                throw new OAuthTokenEndpoint.GrantRefused("the connection's access token expired and it holds no refresh token");
            }
            return endpoint.refresh(connector, refreshToken).asCredentials();
        });
        return Held.of(stored);
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        tokens.invalidate(removed.connectionId());
    }

    /** Forgets a held token (the connection was connected again with new tokens). */
    public void forget(UUID connectionId) {
        tokens.invalidate(connectionId);
    }

    static Duration holdFor(Instant expiresAt) {
        if (expiresAt == null) {
            return NO_EXPIRY_HOLD;
        }
        Duration left = Duration.between(Instant.now(), expiresAt).minus(MARGIN);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** A token as held in memory. */
    record Held(String accessToken, Instant expiresAt) {
        static Held of(Map<String, String> credentials) {
            String expires = credentials.get("expiresAt");
            return new Held(credentials.get("accessToken"), expires == null ? null : Instant.ofEpochSecond(Long.parseLong(expires)));
        }

        @Override
        public String toString() {
            return "Held[accessToken=***, expiresAt=" + expiresAt + "]";
        }
    }
}
