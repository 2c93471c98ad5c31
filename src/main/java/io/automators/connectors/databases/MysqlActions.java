package io.automators.connectors.databases;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.security.HostGuard;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** The MySQL connector's actions, through the MariaDB driver (it speaks to MySQL and MariaDB). */
@Component("mysqlActions")
public class MysqlActions extends SqlActions {

    public MysqlActions(HostGuard hostGuard, SqlLimits limits) {
        super(hostGuard, limits, 3306);
    }

    @Override
    protected String databaseName() { return "MySQL"; }

    @Override
    protected String driverClassName() { return "org.mariadb.jdbc.Driver"; }

    @Override
    protected String jdbcUrl(String host, int port, String database) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database;
    }

    @Override
    protected Properties driverProperties(DatabaseEndpoint endpoint, int socketTimeoutSeconds) {
        Properties p = new Properties();
        p.setProperty("user", endpoint.username());
        p.setProperty("password", DatabaseEndpoint.required(endpoint.password(), "password"));
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000)); // MariaDB: milliseconds
        p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds * 1000));
        // LOAD DATA LOCAL INFILE would let the server read files of the runtime's machine.
        p.setProperty("allowLocalInfile", "false");
        p.setProperty("allowMultiQueries", "false");
        p.setProperty("sslMode", mariadbSslMode(endpoint.sslMode()));
        return p;
    }

    /** PostgreSQL-style names (the manifests use one vocabulary) to MariaDB's. */
    static String mariadbSslMode(String sslMode) {
        if (sslMode == null) {
            return "disable";
        }
        return switch (sslMode) {
            case "disable" -> "disable";
            case "require", "trust" -> "trust"; // encrypted, certificate not checked
            case "verify-ca" -> "verify-ca";
            case "verify-full" -> "verify-full";
            default -> throw CallFailure.invalidInput("sslMode must be one of disable, require, verify-ca, verify-full");
        };
    }

    @Override
    protected String listTablesSql(boolean withSchema) {
        return "select table_schema, table_name from information_schema.tables where "
                + (withSchema ? "table_schema = ?" : "table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')")
                + " order by table_schema, table_name";
    }

    @Override
    protected boolean isStatementTimeout(SQLException e) {
        // 1969 (MariaDB max_statement_time), 3024 (MySQL max_execution_time); the rest is the KILL QUERY path.
        return super.isStatementTimeout(e) || e.getErrorCode() == 1969 || e.getErrorCode() == 3024
                || (e.getMessage() != null && e.getMessage().contains("Query execution was interrupted"));
    }
}
