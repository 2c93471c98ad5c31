package io.automators.connectors.storage;

import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one transaction of the tenant pool with {@code app.workspace_id} set locally, so
 * that Row-Level Security shows and accepts the rows of that workspace only.
 */
@Component
public class TenantJdbc {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public TenantJdbc(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public <T> T inWorkspace(UUID workspaceId, Function<JdbcTemplate, T> work) {
        return transactions.execute(status -> {
            enter(workspaceId);
            return work.apply(jdbc);
        });
    }

    /** Sets the workspace for the rest of the current transaction (the SET LOCAL of RLS). */
    public void enter(UUID workspaceId) {
        jdbc.queryForObject("SELECT set_config('app.workspace_id', ?, true)", String.class, workspaceId.toString());
    }

    public JdbcTemplate jdbc() { return jdbc; }

    public TransactionTemplate transactions() { return transactions; }
}
