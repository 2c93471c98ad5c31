package io.automators.connectors.families;

import io.automators.connectors.families.mongodb.MongodbFamily;
import static io.automators.connectors.families.DatabaseTestSupport.limits;
import static io.automators.connectors.families.DatabaseTestSupport.localGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MongoDB connector with the real driver against an in-memory MongoDB wire-protocol server. */
class MongodbFamilyTest {

    static MongoServer server;
    static int port;
    static MongodbFamily actions;

    @BeforeAll
    static void start() {
        // Driver 5.x wants wire version 8 (MongoDB 4.2) at least; the in-memory server says 4.0 unless told.
        MongoVersion mongo42 = new MongoVersion() {
            @Override public List<Integer> getVersionArray() { return List.of(4, 2, 0); }
            @Override public int getWireVersion() { return 8; }
        };
        server = new MongoServer(new MemoryBackend().version(mongo42));
        InetSocketAddress address = server.bind();
        port = address.getPort();
        actions = new MongodbFamily(localGuard(), limits(30, 1000));
    }

    @AfterAll
    static void stop() {
        if (actions != null) {
            actions.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("host", "127.0.0.1");
        credentials.put("port", String.valueOf(port));
        credentials.put("database", "appdb");
        return credentials;
    }

    @Test
    void insertThenFindWithFilter() {
        Map<String, Object> inserted = actions.insert(credentials(), "mongo-1", Map.of(
                "collection", "people",
                "documents", List.of(
                        Map.of("name", "Ada", "city", "London", "age", 36),
                        Map.of("name", "Grace", "city", "New York", "age", 85),
                        Map.of("name", "Alan", "city", "London", "age", 41))));

        assertThat(inserted.get("insertedCount")).isEqualTo(3);
        List<?> ids = (List<?>) inserted.get("insertedIds");
        assertThat(ids).hasSize(3).allSatisfy(id -> assertThat(id).asString().matches("[0-9a-f]{24}"));

        Map<String, Object> found = actions.find(credentials(), "mongo-1", Map.of(
                "collection", "people",
                "filter", Map.of("city", "London", "age", Map.of("$gt", 40)),
                "projection", Map.of("name", 1)));

        assertThat(found.get("documents")).isEqualTo(List.of(Map.of("_id", ids.get(2), "name", "Alan")));
        assertThat(found.get("truncated")).isEqualTo(false);
    }

    @Test
    void findByObjectIdInExtendedJsonAndLimit() {
        Map<String, Object> inserted = actions.insert(credentials(), "mongo-1", Map.of(
                "collection", "things", "documents", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3))));
        Object secondId = ((List<?>) inserted.get("insertedIds")).get(1);

        Map<String, Object> byId = actions.find(credentials(), "mongo-1", Map.of(
                "collection", "things", "filter", Map.of("_id", Map.of("$oid", secondId))));
        Map<String, Object> limited = actions.find(credentials(), "mongo-1", Map.of(
                "collection", "things", "filter", Map.of(), "limit", 2));

        assertThat(byId.get("documents")).isEqualTo(List.of(Map.of("_id", secondId, "n", 2)));
        assertThat((List<?>) limited.get("documents")).hasSize(2);
    }

    @Test
    void serverSideJavaScriptIsRefusedAnywhereInTheFilter() {
        assertRefused(Map.of("collection", "people", "filter", Map.of("$where", "sleep(10000) || true")), "$where");
        assertRefused(Map.of("collection", "people", "filter",
                Map.of("$and", List.of(Map.of("$expr", Map.of("$function", Map.of("body", "x", "args", List.of(), "lang", "js")))))),
                "$function");
        assertRefused(Map.of("collection", "people", "filter", Map.of(), "projection", Map.of("x", Map.of("$accumulator", Map.of()))),
                "$accumulator");
    }

    @Test
    void metadataAddressIsRefusedByHostGuard() {
        Map<String, String> credentials = credentials();
        credentials.put("host", "169.254.169.254");

        assertThatThrownBy(() -> actions.find(credentials, "mongo-metadata", Map.of("collection", "people", "filter", Map.of())))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FORBIDDEN));
    }

    private static void assertRefused(Map<String, Object> input, String operator) {
        assertThatThrownBy(() -> actions.find(credentials(), "mongo-1", input))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(operator);
                });
    }
}
