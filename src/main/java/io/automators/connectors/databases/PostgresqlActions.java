package io.automators.connectors.databases;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.HostGuard;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** The PostgreSQL connector's actions (pgjdbc). */
@Component("postgresqlActions")
public class PostgresqlActions extends SqlActions {

    static final String[] SSL_MODES = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};

    public PostgresqlActions(HostGuard hostGuard, SqlLimits limits) {
        super(hostGuard, limits, 5432);
    }

    @Override
    protected String databaseName() { return "PostgreSQL"; }

    @Override
    protected String driverClassName() { return "org.postgresql.Driver"; }

    @Override
    protected String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    protected Properties driverProperties(DatabaseEndpoint endpoint, int socketTimeoutSeconds) {
        String sslMode = endpoint.sslMode() == null ? "prefer" : endpoint.sslMode();
        if (!oneOf(sslMode, SSL_MODES)) {
            throw CallFailure.invalidInput("sslMode must be one of disable, allow, prefer, require, verify-ca, verify-full");
        }
        Properties p = new Properties();
        p.setProperty("user", endpoint.username());
        p.setProperty("password", DatabaseEndpoint.required(endpoint.password(), "password"));
        p.setProperty("sslmode", sslMode);
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS)); // pgjdbc: seconds
        p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        p.setProperty("ApplicationName", "automators-connectors");
        // JSON gives dates, UUIDs and the like as strings: let the server type them by their use, like libpq does.
        p.setProperty("stringtype", "unspecified");
        return p;
    }

    @Override
    protected String listTablesSql(boolean withSchema) {
        return "select table_schema, table_name from information_schema.tables where "
                + (withSchema ? "table_schema = ?" : "table_schema <> 'information_schema' and table_schema not like 'pg\\_%'")
                + " order by table_schema, table_name";
    }

    @Override
    protected boolean isStatementTimeout(SQLException e) {
        // 57014 query_canceled is what the server answers to the cancel request setQueryTimeout sends.
        return super.isStatementTimeout(e) || "57014".equals(e.getSQLState());
    }
}
