package io.automators.connectors.api;

import io.automators.connectors.quotas.SharedKeyQuota;
import io.automators.connectors.security.Workspace;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's use of what its plan meters: today's calls on the platform's shared keys (rule 3). */
@RestController
@RequestMapping("/api/v1")
class UsageController {

    private final SharedKeyQuota sharedKeyQuota;

    UsageController(SharedKeyQuota sharedKeyQuota) {
        this.sharedKeyQuota = sharedKeyQuota;
    }

    @GetMapping("/usage")
    Map<String, Object> usage(@RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        SharedKeyQuota.Usage shared = sharedKeyQuota.usage(workspace.id(), workspace.plan());
        Map<String, Object> sharedKeys = new LinkedHashMap<>();
        sharedKeys.put("used", shared.used());
        sharedKeys.put("limit", shared.limit() < 0 ? null : shared.limit());
        sharedKeys.put("remaining", shared.limit() < 0 ? null : shared.remaining());
        sharedKeys.put("window", Map.of("day", shared.day().toString(), "resetsAt", shared.resetsAt().toString()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workspaceId", workspace.id());
        answer.put("plan", workspace.plan());
        answer.put("sharedKeyCalls", sharedKeys);
        return answer;
    }
}
