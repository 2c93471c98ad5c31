package io.automators.connectors.api;

import io.automators.connectors.calls.ActionCall;
import io.automators.connectors.calls.CallPath;
import io.automators.connectors.calls.CallResult;
import io.automators.connectors.jobs.ActionJobs;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import io.automators.connectors.routing.WaterfallDecision;
import io.automators.connectors.security.Workspace;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Running connector actions, and asking the waterfall how it would run one: HTTP adapted to the call path. */
@RestController
@RequestMapping("/api/v1")
public class ActionController {

    private static final ActionRequest EMPTY = new ActionRequest(null, null, null, null, null, null, null);

    private final CallPath calls;
    private final ActionJobs jobs;

    public ActionController(CallPath calls, ActionJobs jobs) {
        this.calls = calls;
        this.jobs = jobs;
    }

    @PostMapping("/connectors/{connector}/actions/{action}")
    public ResponseEntity<Object> run(@PathVariable String connector, @PathVariable String action,
            @RequestBody(required = false) ActionRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        ActionRequest call = body == null ? EMPTY : body;
        ActionCall actionCall = new ActionCall(workspace, connector, action, call.input(), call.connectionId(), call.context(),
                null, call.version());
        if (Boolean.TRUE.equals(call.async())) {
            ActionJobs.Job job = jobs.start(actionCall);
            return ResponseEntity.accepted().location(URI.create(JobController.PATH + job.id())).body(JobController.view(job, null));
        }
        CallResult result = calls.run(actionCall);
        return ResponseEntity.ok(result);
    }

    @PostMapping("/route/decide")
    public WaterfallDecision decide(@RequestBody ActionRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return calls.decide(new ActionCall(workspace, body.connector(), body.action(), body.input(), body.connectionId(),
                body.context(), null, body.version()));
    }
}
