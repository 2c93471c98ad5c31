package io.automators.connectors.families;

import static io.automators.connectors.families.DatabaseTestSupport.closedPort;
import static io.automators.connectors.families.DatabaseTestSupport.limits;
import static io.automators.connectors.families.DatabaseTestSupport.localGuard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL connector against a real PostgreSQL 17 (embedded). */
class PostgresqlConnectorTest {

    static EmbeddedPostgres postgres;
    static SqlConnector actions;
    /** Tight limits (1 s, 2 rows), for the timeout and the row cap. */
    static SqlConnector tight;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role app login password 's3cret'");
            s.execute("create database appdb owner app");
        }
        try (Connection c = postgres.getDatabase("app", "appdb").getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id int primary key, name text not null, city text)");
            s.execute("insert into customers values (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Linus', 'Helsinki')");
        }
        actions = SqlConnector.of("postgresql", localGuard(), limits(30, 1000));
        tight = SqlConnector.of("postgresql", localGuard(), limits(1, 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (actions != null) {
            actions.close();
        }
        if (tight != null) {
            tight.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static Map<String, String> credentials() {
        Map<String, String> credentials = new HashMap<>();
        credentials.put("host", "127.0.0.1");
        credentials.put("port", String.valueOf(postgres.getPort()));
        credentials.put("database", "appdb");
        credentials.put("username", "app");
        credentials.put("password", "s3cret");
        credentials.put("sslMode", "disable");
        return credentials;
    }

    static Map<String, Object> query(String sql, Object... params) {
        Map<String, Object> input = new HashMap<>();
        input.put("sql", sql);
        input.put("params", new ArrayList<>(java.util.Arrays.asList(params)));
        return input;
    }

    @Test
    void executeQueryBindsParamsAndReturnsRows() {
        Map<String, Object> out = actions.executeQuery(credentials(), "conn-1",
                query("select id, name from customers where city = ? or id = ? order by id", "London", 3));

        assertThat(out.get("columns")).isEqualTo(List.of("id", "name"));
        assertThat(out.get("rows")).isEqualTo(List.of(Map.of("id", 1, "name", "Ada"), Map.of("id", 3, "name", "Linus")));
        assertThat(out.get("rowCount")).isEqualTo(2);
        assertThat(out.get("truncated")).isEqualTo(false);
    }

    @Test
    void nullParamAndUpdateCount() {
        Map<String, Object> out = actions.executeQuery(credentials(), "conn-1",
                query("update customers set city = ? where id = ?", null, 2));

        assertThat(out).isEqualTo(Map.of("updateCount", 1));
        Map<String, Object> row = actions.executeQuery(credentials(), "conn-1", query("select city from customers where id = 2"));
        assertThat(row.get("rows")).isEqualTo(List.of(java.util.Collections.singletonMap("city", null)));
    }

    @Test
    void injectionThroughParamsIsOnlyData() {
        Map<String, Object> out = actions.executeQuery(credentials(), "conn-1",
                query("select id from customers where name = ?", "x'; DROP TABLE customers; --"));

        assertThat(out.get("rows")).isEqualTo(List.of());
        Map<String, Object> count = actions.executeQuery(credentials(), "conn-1", query("select count(*) as n from customers"));
        assertThat(count.get("rows")).isEqualTo(List.of(Map.of("n", 3L)));
    }

    @Test
    void listTablesListsTheTestTable() {
        Map<String, Object> all = actions.listTables(credentials(), "conn-1", Map.of());
        Map<String, Object> publicOnly = actions.listTables(credentials(), "conn-1", Map.of("schema", "public"));
        Map<String, Object> otherSchema = actions.listTables(credentials(), "conn-1", Map.of("schema", "nope"));

        assertThat(all.get("tables")).isEqualTo(List.of(Map.of("schema", "public", "name", "customers")));
        assertThat(publicOnly.get("tables")).isEqualTo(List.of(Map.of("schema", "public", "name", "customers")));
        assertThat(otherSchema.get("tables")).isEqualTo(List.of());
    }

    @Test
    void rowCapTruncates() {
        Map<String, Object> out = tight.executeQuery(credentials(), "conn-tight", query("select id from customers order by id"));

        assertThat(out.get("rows")).isEqualTo(List.of(Map.of("id", 1), Map.of("id", 2)));
        assertThat(out.get("rowCount")).isEqualTo(2);
        assertThat(out.get("truncated")).isEqualTo(true);
    }

    @Test
    void statementTimeoutIs504() {
        assertThatThrownBy(() -> tight.executeQuery(credentials(), "conn-tight", query("select pg_sleep(5)")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TIMEOUT));
    }

    @Test
    void syntaxErrorIs400WithSqlState() {
        assertThatThrownBy(() -> actions.executeQuery(credentials(), "conn-1", query("selec nonsense")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("sqlState", "42601");
                    assertThat(e.getMessage()).startsWith("the database rejected the statement:");
                });
    }

    @Test
    void missingTableIs400() {
        assertThatThrownBy(() -> actions.executeQuery(credentials(), "conn-1", query("select * from nowhere")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("sqlState", "42P01");
                });
    }

    @Test
    void refusedPortIs503() {
        Map<String, String> credentials = credentials();
        credentials.put("port", String.valueOf(closedPort()));

        assertThatThrownBy(() -> actions.executeQuery(credentials, "conn-refused", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE));
    }

    @Test
    void driverPropertyKeyIsRefusedBeforeConnecting() {
        Map<String, String> credentials = credentials();
        // Nothing listens there: if the key got through, the call would fail with 503 instead.
        credentials.put("port", String.valueOf(closedPort()));
        credentials.put("socketFactory", "org.springframework.context.support.ClassPathXmlApplicationContext");
        int poolsBefore = actions.openPools();

        assertThatThrownBy(() -> actions.executeQuery(credentials, "conn-evil", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("socketFactory");
                });
        assertThat(actions.openPools()).isEqualTo(poolsBefore);
    }

    @Test
    void metadataAddressIsRefusedByHostGuard() {
        Map<String, String> credentials = credentials();
        credentials.put("host", "169.254.169.254");

        assertThatThrownBy(() -> actions.executeQuery(credentials, "conn-metadata", query("select 1")))
                .isInstanceOfSatisfying(CallFailure.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.FORBIDDEN));
    }

    @Test
    void evictClosesTheConnectionsPool() {
        actions.executeQuery(credentials(), "conn-evict", query("select 1"));
        int pools = actions.openPools();

        actions.evict("conn-evict");

        assertThat(actions.openPools()).isEqualTo(pools - 1);
    }
}
