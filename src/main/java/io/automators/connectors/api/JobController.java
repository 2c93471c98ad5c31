package io.automators.connectors.api;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.jobs.ActionJobs;
import io.automators.connectors.security.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Background calls as their callers poll them: {@code GET /api/v1/jobs/{id}} answers the job's status
 * ({@code running}, {@code succeeded}, {@code failed}, or {@code lost} with the node that ran it) and,
 * once it ended, the call's output or the problem the call would have answered synchronously.
 */
@RestController
public class JobController {

    static final String PATH = "/api/v1/jobs/";

    private final ActionJobs jobs;
    private final Problems problems;

    public JobController(ActionJobs jobs, Problems problems) {
        this.jobs = jobs;
        this.problems = problems;
    }

    @GetMapping(PATH + "{id}")
    public Map<String, Object> job(@PathVariable String id, @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace,
            HttpServletRequest request) {
        UUID jobId;
        try {
            jobId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw CallFailure.notFound("no job " + id);
        }
        ActionJobs.Job job = jobs.find(workspace.id(), jobId).orElseThrow(() -> CallFailure.notFound("no job " + id));
        return view(job, job.failure() == null ? null : problem(job, request));
    }

    /** The problem the synchronous call would have answered, as it is kept with the job. */
    private ProblemDetail problem(ActionJobs.Job job, HttpServletRequest request) {
        ActionJobs.Failure failure = job.failure();
        FailureKind kind = java.util.Arrays.stream(FailureKind.values()).filter(k -> k.slug().equals(failure.kind()))
                .findFirst().orElse(FailureKind.INTERNAL);
        ProblemDetail problem = problems.of(new CallFailure(kind, failure.title(), failure.detail(),
                failure.details() == null ? Map.of() : failure.details(), null), request);
        problem.setProperty("traceId", job.traceId()); // the call's trace, not this poll's
        return problem;
    }

    static Map<String, Object> view(ActionJobs.Job job, ProblemDetail problem) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", job.id());
        view.put("href", PATH + job.id());
        view.put("connector", job.connector());
        view.put("action", job.action());
        view.put("status", job.status());
        view.put("traceId", job.traceId());
        view.put("startedAt", job.startedAt());
        if (job.finishedAt() != null) {
            view.put("finishedAt", job.finishedAt());
        }
        if (job.rule() != null) {
            view.put("rule", job.rule());
            view.put("provider", job.provider());
        }
        if (job.output() != null) {
            view.put("output", job.output());
        }
        if (problem != null) {
            view.put("problem", problem);
        }
        if ("lost".equals(job.status())) {
            view.put("detail", "the runtime node that ran this call stopped before it ended; the call may or may not"
                    + " have taken effect at the backend");
        }
        return view;
    }
}
