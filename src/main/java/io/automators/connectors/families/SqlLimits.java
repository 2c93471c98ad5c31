package io.automators.connectors.families;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** Limits on one database call, so a tenant's query cannot hold a connection or the heap for long. */
@Component
@ConfigurationProperties("automators.connectors.sql")
public class SqlLimits {

    /** Seconds a statement (SQL, or a MongoDB find) may run before the database is told to cancel it. */
    private int statementTimeoutSeconds = 30;

    /** Rows (or MongoDB documents) a query returns at most; more sets {@code truncated: true}. */
    private int maxRows = 1000;

    public int getStatementTimeoutSeconds() { return statementTimeoutSeconds; }
    public void setStatementTimeoutSeconds(int statementTimeoutSeconds) { this.statementTimeoutSeconds = statementTimeoutSeconds; }
    public int getMaxRows() { return maxRows; }
    public void setMaxRows(int maxRows) { this.maxRows = maxRows; }
}
