package io.automators.connectors.api;

import io.automators.connectors.reload.ReloadStatus;
import io.automators.connectors.security.Workspaces;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin calls (admin token): creating workspaces. */
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {

    private final Workspaces workspaces;
    private final ReloadStatus reloads;

    public AdminController(Workspaces workspaces, ReloadStatus reloads) {
        this.workspaces = workspaces;
        this.reloads = reloads;
    }

    /** What the watched directories' reloads did: files broken now (their previous versions serving), the last changes. */
    @GetMapping("/reload-status")
    public java.util.Map<String, Object> reloadStatus() {
        return reloads.view();
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    public Workspaces.Created create(@RequestBody NewWorkspace body) {
        return workspaces.create(body.name(), body.plan(), body.retentionDays(), body.organizationId());
    }

    public record NewWorkspace(String name, String plan, Integer retentionDays, UUID organizationId) {}
}
