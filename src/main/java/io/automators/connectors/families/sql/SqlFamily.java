package io.automators.connectors.families.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ClientCache;
import io.automators.connectors.families.ConnectorFamily;
import io.automators.connectors.families.DatabaseEndpoint;
import io.automators.connectors.families.SqlLimits;
import io.automators.connectors.security.HostGuard;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.camel.Exchange;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The sql family: JDBC, written once for every SQL database. A connector names the family and gives
 * its dialect in its manifest (driver, URL template, driver properties, ssl modes, list_tables'
 * queries, how a timeout looks); adding a database whose driver is on the classpath is files only.
 * The routes call its actions as the processors {@code sqlExecuteQuery} and {@code sqlListTables}.
 */
@Component("sqlFamily")
public class SqlFamily implements ConnectorFamily {

    private final HostGuard hostGuard;
    private final SqlLimits limits;
    private final ConnectorCatalog catalog;
    private final ClientCache<HikariDataSource> pools = new ClientCache<>(HikariDataSource::close);
    // One housekeeping thread for all pools instead of one per pool (one pool per tenant connection).
    private final ScheduledExecutorService housekeeping;

    public SqlFamily(HostGuard hostGuard, SqlLimits limits, ConnectorCatalog catalog) {
        this.hostGuard = hostGuard;
        this.limits = limits;
        this.catalog = catalog;
        ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "sql-pool-housekeeper");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.housekeeping = executor;
    }

    @Override
    public String name() { return "sql"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        List<String> problems = new ArrayList<>(ConnectorFamily.checkDatabaseFields(manifest));
        ConnectorManifest.SqlDialect dialect = manifest.dialect();
        if (dialect == null || dialect.driver() == null || dialect.url() == null || dialect.defaultPort() < 1
                || dialect.listTables() == null || dialect.listTables().all() == null || dialect.listTables().inSchema() == null) {
            problems.add("the sql family needs a dialect with driver, url, defaultPort and listTables (all, inSchema)");
            return problems;
        }
        try {
            Class.forName(dialect.driver(), false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            problems.add("the JDBC driver " + dialect.driver() + " is not on the classpath");
        }
        if (!dialect.url().contains("{host}") || !dialect.url().contains("{port}")) {
            problems.add("the dialect's url must place {host} and {port} (the family connects to the checked address)");
        }
        return problems;
    }

    /** The database the exchange's connector speaks to, as OpenTelemetry names it: the JDBC URL's subprotocol. */
    public String system(Exchange exchange) {
        return Dialect.of(catalog, exchange).system();
    }

    /** The processor of execute_query routes: the connector's dialect, credentials and input from the exchange. */
    public void executeQuery(Exchange exchange) {
        exchange.getMessage().setBody(executeQuery(Dialect.of(catalog, exchange), credentials(exchange),
                exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class), body(exchange)));
    }

    /** The processor of list_tables routes. */
    public void listTables(Exchange exchange) {
        exchange.getMessage().setBody(listTables(Dialect.of(catalog, exchange), credentials(exchange),
                exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class), body(exchange)));
    }

    /** execute_query: one statement, the input's {@code params} bound to its {@code ?} placeholders. */
    public Map<String, Object> executeQuery(Dialect dialect, Map<String, String> credentials, String connectionId,
                                            Map<String, Object> input) {
        Object sql = input == null ? null : input.get("sql");
        if (!(sql instanceof String text) || text.isBlank()) {
            throw CallFailure.invalidInput("sql is required");
        }
        List<?> params = input.get("params") == null ? List.of() : asList(input.get("params"));
        HikariDataSource pool = pool(dialect, credentials, connectionId);
        int cap = Math.max(1, limits.getMaxRows());
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(text)) {
            statement.setQueryTimeout(Math.max(1, limits.getStatementTimeoutSeconds()));
            statement.setMaxRows(cap + 1); // one more than the cap tells that there were more
            for (int i = 0; i < params.size(); i++) {
                bind(statement, i + 1, params.get(i));
            }
            if (statement.execute()) {
                try (ResultSet rs = statement.getResultSet()) {
                    return readRows(rs, cap);
                }
            }
            return Map.of("updateCount", Math.max(0, statement.getUpdateCount()));
        } catch (SQLException e) {
            throw translate(dialect, e);
        }
    }

    /** list_tables: the tables and views the connection's user can see, outside the system schemas. */
    public Map<String, Object> listTables(Dialect dialect, Map<String, String> credentials, String connectionId,
                                          Map<String, Object> input) {
        Object schema = input == null ? null : input.get("schema");
        if (schema != null && !(schema instanceof String)) {
            throw CallFailure.invalidInput("schema must be a string");
        }
        boolean withSchema = schema != null && !((String) schema).isBlank();
        HikariDataSource pool = pool(dialect, credentials, connectionId);
        int cap = Math.max(1, limits.getMaxRows());
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(withSchema ? dialect.spec().listTables().inSchema() : dialect.spec().listTables().all())) {
            statement.setQueryTimeout(Math.max(1, limits.getStatementTimeoutSeconds()));
            statement.setMaxRows(cap + 1);
            if (withSchema) {
                statement.setString(1, (String) schema);
            }
            List<Map<String, Object>> tables = new ArrayList<>();
            boolean truncated = false;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (tables.size() == cap) {
                        truncated = true;
                        break;
                    }
                    tables.add(Map.of("schema", rs.getString(1), "name", rs.getString(2)));
                }
            }
            return Map.of("tables", tables, "truncated", truncated);
        } catch (SQLException e) {
            throw translate(dialect, e);
        }
    }

    /** Closes the pools of one connection, e.g. when it is disconnected or its credentials change. */
    public void evict(String connectionId) {
        pools.evict(connectionId);
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        evict(removed.connectionId().toString());
    }

    @PreDestroy
    public void close() {
        pools.closeAll();
        housekeeping.shutdownNow();
    }

    public int openPools() {
        return pools.size();
    }

    private HikariDataSource pool(Dialect dialect, Map<String, String> credentials, String connectionId) {
        // Validated on every call (cheap), so a bad connection never reaches a cached pool either.
        DatabaseEndpoint endpoint = DatabaseEndpoint.from(credentials, dialect.spec().defaultPort());
        DatabaseEndpoint.required(endpoint.database(), "database");
        DatabaseEndpoint.required(endpoint.username(), "username");
        Properties properties = dialect.driverProperties(endpoint, DatabaseEndpoint.CONNECT_TIMEOUT_SECONDS,
                limits.getStatementTimeoutSeconds() + DatabaseEndpoint.SOCKET_TIMEOUT_MARGIN_SECONDS);
        return pools.get(connectionId, credentials, () -> {
            InetAddress address = hostGuard.check(endpoint.host(), endpoint.port());
            HikariConfig config = new HikariConfig();
            config.setPoolName(dialect.connectorId() + "-" + (connectionId == null ? "anonymous" : connectionId.replaceAll("[^A-Za-z0-9_-]", "_")));
            config.setDriverClassName(dialect.spec().driver());
            config.setJdbcUrl(dialect.url(DatabaseEndpoint.urlHost(address), endpoint.port(), endpoint.database()));
            config.setDataSourceProperties(properties);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(0); // idle connections close after the idle timeout instead of being kept open
            config.setIdleTimeout(60_000);
            config.setConnectionTimeout(DatabaseEndpoint.CONNECT_TIMEOUT_SECONDS * 1000L);
            config.setInitializationFailTimeout(1); // the first connection is tried at once: a bad connection fails fast and is not cached
            config.setScheduledExecutor(housekeeping);
            try {
                return new HikariDataSource(config);
            } catch (RuntimeException e) {
                if (e.getCause() instanceof SQLException sqlException) {
                    throw translate(dialect, sqlException);
                }
                throw CallFailure.unavailable("could not connect to the " + dialect.name() + " database", e);
            }
        });
    }

    private static List<?> asList(Object params) {
        if (params instanceof List<?> list) {
            return list;
        }
        throw CallFailure.invalidInput("params must be an array");
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            statement.setInt(index, ((Number) value).intValue());
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof BigInteger bi) {
            statement.setBigDecimal(index, new BigDecimal(bi));
        } else if (value instanceof BigDecimal bd) {
            statement.setBigDecimal(index, bd);
        } else if (value instanceof Double || value instanceof Float) {
            statement.setDouble(index, ((Number) value).doubleValue());
        } else {
            throw CallFailure.invalidInput("params[" + (index - 1) + "] must be a string, number, boolean or null");
        }
    }

    private static Map<String, Object> readRows(ResultSet rs, int cap) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == cap) {
                truncated = true;
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= count; i++) {
                row.put(columns.get(i - 1), jsonValue(rs.getObject(i)));
            }
            rows.add(row);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("columns", columns);
        result.put("rows", rows);
        result.put("rowCount", rows.size());
        result.put("truncated", truncated);
        return result;
    }

    /** A JDBC value as something Jackson writes as plain JSON without extra modules. */
    static Object jsonValue(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Array array) {
            Object elements = array.getArray();
            List<Object> list = new ArrayList<>();
            if (elements instanceof Object[] objects) {
                for (Object o : objects) {
                    list.add(jsonValue(o));
                }
                return list;
            }
            return String.valueOf(elements);
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
        }
        if (value instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) Math.min(Integer.MAX_VALUE, blob.length())));
        }
        // UUID, java.time values, PGobject (json, interval, ...): their text form is their JSON form.
        return value.toString();
    }

    /** Maps a driver failure to the problem the caller gets; never includes the password. */
    CallFailure translate(Dialect dialect, SQLException e) {
        String databaseName = dialect.name();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (dialect.isStatementTimeout(e)) {
            return CallFailure.timeout("the " + databaseName + " statement did not finish within "
                    + limits.getStatementTimeoutSeconds() + " s and was cancelled", e);
        }
        if (state.startsWith("08") || e instanceof SQLTransientConnectionException || hasNetworkCause(e)) {
            return CallFailure.unavailable("could not connect to the " + databaseName + " database: " + e.getMessage(), e);
        }
        if (state.startsWith("42") || state.startsWith("22") || state.startsWith("23")) {
            return new CallFailure(FailureKind.INVALID_INPUT, "Query rejected",
                    "the database rejected the statement: " + e.getMessage(), Map.of("sqlState", state), e);
        }
        if (state.startsWith("28")) {
            return CallFailure.vendorFailed("the " + databaseName + " database refused the login of the connection's user", e);
        }
        return CallFailure.vendorFailed("the " + databaseName + " database failed"
                + (state.isEmpty() ? "" : " (SQLState " + state + ")") + ": " + e.getMessage(), e);
    }

    private static boolean hasNetworkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || (t instanceof SocketTimeoutException && t.getMessage() != null && t.getMessage().contains("connect"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Map<String, String> credentials(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        return credentials;
    }

    private static Map<String, Object> body(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        return input;
    }
}
