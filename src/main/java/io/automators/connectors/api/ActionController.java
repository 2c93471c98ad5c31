package io.automators.connectors.api;

import io.automators.connectors.routing.WaterfallDecision;
import io.automators.connectors.security.ApiKeyFilter;
import io.automators.connectors.security.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Running connector actions, and asking the waterfall how it would run one. */
@RestController
@RequestMapping("/api/v1")
public class ActionController {

    private final ActionCalls calls;

    public ActionController(ActionCalls calls) {
        this.calls = calls;
    }

    @PostMapping("/connectors/{connector}/actions/{action}")
    public ActionResult run(@PathVariable String connector, @PathVariable String action,
            @RequestBody(required = false) ActionRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace, HttpServletRequest request) {
        return calls.run(workspace, connector, action, body == null ? new ActionRequest(null, null, null, null, null) : body,
                TraceIds.of(request));
    }

    @PostMapping("/route/decide")
    public WaterfallDecision decide(@RequestBody ActionRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace, HttpServletRequest request) {
        return calls.decide(workspace, body, TraceIds.of(request));
    }
}
