package io.automators.connectors.families;

import io.automators.connectors.families.redis.RedisFamily;
import static io.automators.connectors.families.DatabaseTestSupport.closedPort;
import static io.automators.connectors.families.DatabaseTestSupport.freePort;
import static io.automators.connectors.families.DatabaseTestSupport.localGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The Redis connector against a real redis-server (embedded-redis). */
class RedisFamilyTest {

    static RedisServer server;
    static int port;
    static RedisFamily actions;

    @BeforeAll
    static void start() throws Exception {
        port = freePort();
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
        server.start();
        actions = new RedisFamily(localGuard());
    }

    @AfterAll
    static void stop() throws Exception {
        if (actions != null) {
            actions.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("host", "127.0.0.1");
        credentials.put("port", String.valueOf(port));
        credentials.put("database", "2");
        return credentials;
    }

    @Test
    void setWithTtlThenGet() {
        Map<String, Object> set = actions.set(credentials(), "redis-1", Map.of("key", "greeting", "value", "hello", "ttlSeconds", 100));
        Map<String, Object> got = actions.get(credentials(), "redis-1", Map.of("key", "greeting"));

        assertThat(set).isEqualTo(Map.of("key", "greeting", "ok", true));
        assertThat(got).isEqualTo(Map.of("key", "greeting", "value", "hello"));
        // Read the TTL and the database index with a client of our own, not through the code under test.
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port + "/2");
        try (StatefulRedisConnection<String, String> direct = client.connect()) {
            assertThat(direct.sync().ttl("greeting")).isBetween(1L, 100L);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void getOfAMissingKeyIsNull() {
        Map<String, Object> got = actions.get(credentials(), "redis-1", Map.of("key", "never-set"));

        assertThat(got).containsEntry("key", "never-set").containsEntry("value", null);
    }

    @Test
    void refusedPortIs503() {
        Map<String, String> credentials = credentials();
        credentials.put("port", String.valueOf(closedPort()));

        assertThatThrownBy(() -> actions.get(credentials, "redis-refused", Map.of("key", "k")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE));
    }

    @Test
    void badDatabaseIndexAndUnknownKeysAreRefused() {
        Map<String, String> badIndex = credentials();
        badIndex.put("database", "16");
        Map<String, String> unknown = credentials();
        unknown.put("clientName", "x");

        assertThatThrownBy(() -> actions.get(badIndex, "redis-bad", Map.of("key", "k")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT));
        assertThatThrownBy(() -> actions.get(unknown, "redis-bad", Map.of("key", "k")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.getMessage()).contains("clientName"));
    }
}
