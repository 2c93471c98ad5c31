package io.automators.connectors.retention;

import io.automators.connectors.storage.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Deletes the log rows a workspace's plan no longer keeps (free 90 days, pro 365, enterprise its
 * {@code retention_days}, else 365), every log table, in batches, across all workspaces, through the
 * {@code purge_expired_log_rows} definer function. Reports what it deleted: a log line and the metric
 * {@code automators_retention_deleted_rows_total{table}}.
 */
@Component("retention")
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final List<String> TABLES = List.of("event_logs", "agent_trace_history", "model_cost_logs", "prompt_similarity_logs",
            "action_jobs");

    private final TenantJdbc tenantJdbc;
    private final MeterRegistry meters;
    private final int batch;

    public Retention(TenantJdbc tenantJdbc, MeterRegistry meters,
            @Value("${automators.retention.batch-size:5000}") int batch) {
        this.tenantJdbc = tenantJdbc;
        this.meters = meters;
        this.batch = batch;
    }

    /** One pass: every table, batch after batch, until nothing is expired. Answers the rows deleted per table. */
    public Map<String, Long> purge() {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (String table : TABLES) {
            long total = 0;
            long last;
            do {
                // Each batch its own short transaction: a long purge holds no lock for long.
                last = tenantJdbc.jdbc().queryForObject("SELECT purge_expired_log_rows(?, ?)", Long.class, table, batch);
                total += last;
            } while (last >= batch);
            deleted.put(table, total);
            meters.counter("automators.retention.deleted.rows", "table", table).increment(total);
        }
        long sum = deleted.values().stream().mapToLong(Long::longValue).sum();
        log.info("Retention: deleted {} expired log rows {}", sum, deleted);
        return deleted;
    }
}
