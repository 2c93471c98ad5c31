package io.automators.connectors.families.redis;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ClientCache;
import io.automators.connectors.families.ConnectorFamily;
import io.automators.connectors.families.DatabaseEndpoint;
import io.automators.connectors.security.HostGuard;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The Redis connector's actions (Lettuce). */
@Component("redisFamily")
public class RedisFamily implements ConnectorFamily {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_KEY_LENGTH = 1024;

    private final HostGuard hostGuard;
    // One client (event loops, timers) for every connection; a connection is one multiplexed socket.
    private final RedisClient client;
    private final ClientCache<StatefulRedisConnection<String, String>> connections =
            new ClientCache<>(StatefulRedisConnection::close);

    public RedisFamily(HostGuard hostGuard) {
        this.hostGuard = hostGuard;
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                // Fail at once while the server is away instead of queueing the call until it times out.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(DatabaseEndpoint.CONNECT_TIMEOUT_SECONDS)).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    /** get: the string value of a key, or null when the key does not exist. */
    public Map<String, Object> get(Map<String, String> credentials, String connectionId,
            Map<String, Object> input) {
        String key = key(input);
        StatefulRedisConnection<String, String> connection = connection(credentials, connectionId);
        try {
            String value = connection.sync().get(key);
            Map<String, Object> result = new LinkedHashMap<>(); // Map.of refuses the null value
            result.put("key", key);
            result.put("value", value);
            return result;
        } catch (RedisException e) {
            throw translate(e);
        }
    }

    /** set: sets a key to a string value, optionally expiring after {@code ttlSeconds}. */
    public Map<String, Object> set(Map<String, String> credentials, String connectionId,
            Map<String, Object> input) {
        String key = key(input);
        Object value = input.get("value");
        if (value == null || value instanceof Map || value instanceof Iterable) {
            throw CallFailure.invalidInput("value must be a string");
        }
        Object ttl = input.get("ttlSeconds");
        if (ttl != null && (!(ttl instanceof Number n) || n.longValue() < 1 || n.doubleValue() != Math.floor(n.doubleValue()))) {
            throw CallFailure.invalidInput("ttlSeconds must be a positive integer");
        }
        StatefulRedisConnection<String, String> connection = connection(credentials, connectionId);
        try {
            String reply = ttl == null
                    ? connection.sync().set(key, String.valueOf(value))
                    : connection.sync().set(key, String.valueOf(value), SetArgs.Builder.ex(((Number) ttl).longValue()));
            if (!"OK".equals(reply)) {
                throw CallFailure.vendorFailed("Redis answered SET with " + reply, null);
            }
            return Map.of("key", key, "ok", true);
        } catch (RedisException e) {
            throw translate(e);
        }
    }

    @Override
    public String name() { return "redis"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        return ConnectorFamily.checkDatabaseFamily(manifest);
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        evict(removed.connectionId().toString());
    }

    /** Closes the connection of one stored connection, e.g. when it is disconnected. */
    public void evict(String connectionId) {
        connections.evict(connectionId);
    }

    @PreDestroy
    public void close() {
        connections.closeAll();
        client.shutdown();
    }

    private StatefulRedisConnection<String, String> connection(Map<String, String> credentials, String connectionId) {
        DatabaseEndpoint endpoint = DatabaseEndpoint.from(credentials, 6379);
        int database = databaseIndex(endpoint.database());
        boolean tls = endpoint.requiresTls();
        if (endpoint.username() != null && endpoint.password() == null) {
            throw CallFailure.invalidInput("password is required when a username is given");
        }
        return connections.get(connectionId, credentials, () -> {
            InetAddress address = hostGuard.check(endpoint.host(), endpoint.port());
            RedisURI.Builder uri = RedisURI.builder()
                    .withHost(address.getHostAddress())
                    .withPort(endpoint.port())
                    .withDatabase(database)
                    .withTimeout(COMMAND_TIMEOUT);
            if (tls) {
                // CA checked, name not: the connection goes to the checked IP, not to the name.
                uri.withSsl(true).withVerifyPeer(SslVerifyMode.CA);
            }
            if (endpoint.password() != null) {
                if (endpoint.username() != null) {
                    uri.withAuthentication(endpoint.username(), endpoint.password());
                } else {
                    uri.withPassword(endpoint.password().toCharArray());
                }
            }
            try {
                return client.connect(uri.build());
            } catch (RedisException e) {
                throw translate(e);
            }
        });
    }

    private static int databaseIndex(String database) {
        if (database == null) {
            return 0;
        }
        try {
            int index = Integer.parseInt(database);
            if (index >= 0 && index <= 15) {
                return index;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw CallFailure.invalidInput("database must be a Redis database index from 0 to 15");
    }

    private static String key(Map<String, Object> input) {
        Object key = input == null ? null : input.get("key");
        if (!(key instanceof String s) || s.isEmpty() || s.length() > MAX_KEY_LENGTH) {
            throw CallFailure.invalidInput("key must be a string of 1 to " + MAX_KEY_LENGTH + " characters");
        }
        return s;
    }

    private static CallFailure translate(RedisException e) {
        if (e instanceof RedisCommandTimeoutException) {
            return CallFailure.timeout("Redis did not answer within " + COMMAND_TIMEOUT.toSeconds() + " s", e);
        }
        RedisCommandExecutionException refused = find(e, RedisCommandExecutionException.class);
        String message = refused == null || refused.getMessage() == null ? "" : refused.getMessage();
        if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.startsWith("NOPERM")) {
            return CallFailure.vendorFailed("Redis refused the connection's credentials or permissions", e);
        }
        if (message.startsWith("WRONGTYPE")) {
            return CallFailure.invalidInput("the key holds a value that is not a string");
        }
        if (refused != null) {
            return CallFailure.vendorFailed("Redis failed the command: " + message, e);
        }
        if (e instanceof RedisConnectionException || e.getMessage() != null && e.getMessage().contains("not connected")) {
            return CallFailure.unavailable("could not connect to the Redis server: " + e.getMessage(), e);
        }
        return CallFailure.vendorFailed("the Redis call failed: " + e.getMessage(), e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
