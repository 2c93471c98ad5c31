package io.automators.connectors.api;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.flags.FeatureFlags;
import io.automators.connectors.security.Workspace;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feature flags: a workspace reads its flags (decided user > workspace > global > default) and sets
 * its own, or a user's in it; the global ones are the admin's ({@code /api/v1/admin/flags}).
 */
@RestController
@RequestMapping("/api/v1")
class FlagController {

    private final FeatureFlags flags;

    FlagController(FeatureFlags flags) {
        this.flags = flags;
    }

    @GetMapping("/flags")
    List<FeatureFlags.Flag> list(@RequestParam(required = false) String userId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return flags.all(workspace.id(), user(workspace, userId));
    }

    @GetMapping("/flags/{name}")
    FeatureFlags.Flag one(@PathVariable String name, @RequestParam(required = false) String userId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return flags.evaluate(workspace.id(), user(workspace, userId), name);
    }

    @PutMapping("/flags/{name}")
    FeatureFlags.Flag set(@PathVariable String name, @RequestBody FlagRequest body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (body.enabled() == null) {
            throw CallFailure.invalidInputAt("/enabled", "true or false");
        }
        String user = body.userId() == null ? null : user(workspace, body.userId());
        flags.set(workspace.id(), user, name, body.enabled());
        return flags.evaluate(workspace.id(), user, name);
    }

    @DeleteMapping("/flags/{name}")
    ResponseEntity<Void> unset(@PathVariable String name, @RequestParam(required = false) String userId,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (!flags.unset(workspace.id(), userId == null ? null : user(workspace, userId), name)) {
            throw CallFailure.notFound("the workspace has set no flag " + name + (userId == null ? "" : " for " + userId));
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/admin/flags")
    Map<String, Boolean> globals() {
        return flags.globals();
    }

    @PutMapping("/admin/flags/{name}")
    Map<String, Object> setGlobal(@PathVariable String name, @RequestBody FlagRequest body) {
        if (body.enabled() == null || body.userId() != null) {
            throw CallFailure.invalidInput("a global flag takes {\"enabled\": true|false} and no user");
        }
        flags.setGlobal(name, body.enabled());
        return Map.of("name", name, "enabled", body.enabled(), "source", "global");
    }

    @DeleteMapping("/admin/flags/{name}")
    ResponseEntity<Void> unsetGlobal(@PathVariable String name) {
        if (!flags.unsetGlobal(name)) {
            throw CallFailure.notFound("no global flag " + name);
        }
        return ResponseEntity.noContent().build();
    }

    /** A key that names its user speaks for that user only. */
    private static String user(Workspace workspace, String asked) {
        if (workspace.userId() != null && asked != null && !workspace.userId().equals(asked)) {
            throw CallFailure.forbidden("this API key is " + workspace.userId() + "'s: it reads and sets that user's flags only");
        }
        if (asked != null && (asked.isBlank() || asked.length() > 200)) {
            throw CallFailure.invalidInputAt("/userId", "1 to 200 characters");
        }
        return asked != null ? asked : workspace.userId();
    }

    record FlagRequest(Boolean enabled, String userId) {}
}
