package io.automators.connectors.api;

import io.automators.connectors.security.Workspaces;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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

    public AdminController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    public Workspaces.Created create(@RequestBody NewWorkspace body) {
        return workspaces.create(body.name(), body.plan(), body.retentionDays(), body.organizationId());
    }

    public record NewWorkspace(String name, String plan, Integer retentionDays, UUID organizationId) {}
}
