package io.automators.connectors.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.calls.ActionCall;
import io.automators.connectors.calls.CallPath;
import io.automators.connectors.calls.CallResult;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.TenantJdbc;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Action calls run in the background ({@code "async": true}): the call is checked and decided at
 * once — bad input, an unknown action or a connection of another workspace answer as they would
 * synchronously — then runs through the same call path on a bounded pool, its outcome kept in
 * {@code action_jobs} under the workspace's row-level security for the caller to poll. The job's
 * call continues the trace of the request that started it. This node beats the heartbeat of the
 * jobs it runs; a running job whose heartbeat stopped was lost with its node and reads as
 * {@code lost}. Nothing the caller did not see synchronously is stored: the output, or the failure's
 * kind, title, detail and details (never a secret).
 */
@Component
public class ActionJobs {

    private static final Logger log = LoggerFactory.getLogger(ActionJobs.class);

    private final CallPath calls;
    private final TenantJdbc tenantJdbc;
    private final ObjectMapper mapper;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService heartbeat;
    private final Duration lostAfter;
    /** The jobs this node runs, by id: their workspace, for the heartbeat. */
    private final Map<UUID, UUID> running = new ConcurrentHashMap<>();

    public ActionJobs(CallPath calls, TenantJdbc tenantJdbc, ObjectMapper mapper,
            @Value("${automators.jobs.threads:4}") int threads,
            @Value("${automators.jobs.queue:100}") int queue,
            @Value("${automators.jobs.heartbeat:15s}") Duration beat) {
        this.calls = calls;
        this.tenantJdbc = tenantJdbc;
        this.mapper = mapper;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "action-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.lostAfter = beat.multipliedBy(4);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "action-job-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, beat.toMillis(), beat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job as the caller sees it. {@code output} when it succeeded, {@code failure} when it failed. */
    public record Job(UUID id, String connector, String action, String status, Integer rule, String provider,
            Object output, Failure failure, String traceId, OffsetDateTime startedAt, OffsetDateTime finishedAt) {}

    /** A failed job's failure: what the synchronous call would have answered. */
    public record Failure(String kind, String title, String detail, Map<String, Object> details) {}

    /** Checks and decides the call now, then runs it in the background; answers the job, running. */
    public Job start(ActionCall call) {
        calls.decide(call); // what would fail at once (input, action, connection) fails here, before any job exists
        UUID id = UUID.randomUUID();
        String traceId = Span.current().getSpanContext().getTraceId();
        Context parent = Context.current();
        ActionCall background = new ActionCall(call.workspace(), call.connector(), call.action(), call.input(),
                call.connectionId(), call.context(), parent, call.version());
        UUID workspace = call.workspace().id();
        tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update("INSERT INTO action_jobs (id, workspace_id, connector_id, action,"
                + " status, trace_id) VALUES (?, ?, ?, ?, 'running', ?)", id, workspace, call.connector(), call.action(), traceId));
        running.put(id, workspace);
        try {
            pool.execute(() -> run(id, background));
        } catch (RejectedExecutionException full) {
            running.remove(id);
            tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update("DELETE FROM action_jobs WHERE id = ?", id));
            throw CallFailure.unavailable("the runtime runs as many background calls as it can take"
                    + " (automators.jobs.threads and .queue); try again shortly", null);
        }
        return find(workspace, id).orElseThrow();
    }

    private void run(UUID id, ActionCall call) {
        try {
            CallResult result = calls.run(call);
            finish(id, call.workspace().id(), "succeeded", result.rule(), result.provider(), json(result.output()), null);
        } catch (CallFailure failure) {
            Object rule = failure.details().get(CallFailure.DECISION) instanceof io.automators.connectors.routing.WaterfallDecision d
                    ? d.getRule() : null;
            Object provider = failure.details().get(CallFailure.DECISION) instanceof io.automators.connectors.routing.WaterfallDecision d
                    ? d.getProvider() : null;
            finish(id, call.workspace().id(), "failed", (Integer) rule, (String) provider, null, json(new Failure(
                    failure.kind().slug(), failure.title(), failure.detail(), failure.details())));
        } catch (RuntimeException unexpected) {
            log.error("background call {} failed unexpectedly", id, unexpected);
            finish(id, call.workspace().id(), "failed", null, null, null, json(new Failure("internal", "Internal error",
                    "the runtime failed unexpectedly; the traceId identifies the call in the logs", Map.of())));
        } finally {
            running.remove(id);
        }
    }

    private void finish(UUID id, UUID workspace, String status, Integer rule, String provider, String output, String failure) {
        try {
            tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update("UPDATE action_jobs SET status = ?, rule = ?, provider = ?,"
                    + " output = ?::jsonb, failure = ?::jsonb, finished_at = now() WHERE id = ?",
                    status, rule, provider, output, failure, id));
        } catch (RuntimeException e) {
            // The row stays running, its heartbeat stops: it reads as lost, which is what the caller can know.
            log.warn("could not record the end of background call {}: {}", id, e.toString());
        }
    }

    /** The workspace's job, or empty (also when it is another workspace's). */
    public Optional<Job> find(UUID workspace, UUID id) {
        return tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.query("SELECT *, heartbeat_at < now() - make_interval(secs => ?)"
                + " AS lost FROM action_jobs WHERE id = ?", this::job, lostAfter.toSeconds(), id)).stream().findFirst();
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        if ("running".equals(status) && rs.getBoolean("lost")) {
            status = "lost";
        }
        return new Job(rs.getObject("id", UUID.class), rs.getString("connector_id"), rs.getString("action"), status,
                (Integer) rs.getObject("rule"), rs.getString("provider"), read(rs.getString("output"), Object.class),
                read(rs.getString("failure"), Failure.class), rs.getString("trace_id"),
                rs.getObject("timestamp", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    private void beat() {
        try {
            Map<UUID, List<UUID>> byWorkspace = new LinkedHashMap<>();
            running.forEach((job, workspace) -> byWorkspace.computeIfAbsent(workspace, w -> new java.util.ArrayList<>()).add(job));
            byWorkspace.forEach((workspace, jobs) -> tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update(
                    "UPDATE action_jobs SET heartbeat_at = now() WHERE id = ANY (?) AND status = 'running'",
                    (Object) jobs.toArray(UUID[]::new))));
        } catch (RuntimeException e) {
            log.warn("the background calls' heartbeat failed: {}", e.toString());
        }
    }

    /** Stopping: the pool is interrupted, so jobs following long work end (failed, saying so) rather than vanish. */
    @PreDestroy
    void stop() throws InterruptedException {
        heartbeat.shutdownNow();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    private String json(Object value) {
        try {
            return value == null ? null : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's outcome that is not JSON", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job outcome that is not JSON", e);
        }
    }
}
