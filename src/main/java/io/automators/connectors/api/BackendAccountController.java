package io.automators.connectors.api;

import io.automators.connectors.credentials.BackendAccounts;
import io.automators.connectors.failures.CallFailure;
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
import org.springframework.web.bind.annotation.RestController;

/** The workspace's identity at a backend: {@code /api/v1/backend-accounts[/{backend}]} (Composio's user id). */
@RestController
public class BackendAccountController {

    private final BackendAccounts accounts;

    public BackendAccountController(BackendAccounts accounts) {
        this.accounts = accounts;
    }

    public record AccountBody(String accountId) {}

    @GetMapping("/api/v1/backend-accounts")
    public List<BackendAccounts.Account> list(@RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return accounts.list(workspace.id());
    }

    @PutMapping("/api/v1/backend-accounts/{backend}")
    public BackendAccounts.Account set(@PathVariable String backend, @RequestBody(required = false) AccountBody body,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (body == null) {
            throw CallFailure.invalidInput("send {\"accountId\": \"…\"}");
        }
        return accounts.set(workspace.id(), backend, body.accountId());
    }

    @DeleteMapping("/api/v1/backend-accounts/{backend}")
    public ResponseEntity<Map<String, Object>> remove(@PathVariable String backend,
            @RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        if (!accounts.remove(workspace.id(), backend)) {
            throw CallFailure.notFound("the workspace has no " + backend + " account set");
        }
        return ResponseEntity.noContent().build();
    }
}
