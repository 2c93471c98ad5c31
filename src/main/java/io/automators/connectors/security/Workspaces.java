package io.automators.connectors.security;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.TenantJdbc;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Creating workspaces, each with its first API key. */
@Component
public class Workspaces {

    public static final List<String> PLANS = List.of("free", "pro", "enterprise");

    private final TenantJdbc tenantJdbc;
    private final ApiKeys apiKeys;

    public Workspaces(TenantJdbc tenantJdbc, ApiKeys apiKeys) {
        this.tenantJdbc = tenantJdbc;
        this.apiKeys = apiKeys;
    }

    public Created create(String name, String plan, Integer retentionDays, UUID organizationId) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw CallFailure.invalidInput("name is required (at most 200 characters)");
        }
        String chosenPlan = plan == null ? "free" : plan;
        if (!PLANS.contains(chosenPlan)) {
            throw CallFailure.invalidInput("plan must be one of " + PLANS);
        }
        if (retentionDays != null && (retentionDays < 1 || retentionDays > 3650)) {
            throw CallFailure.invalidInput("retentionDays must be between 1 and 3650");
        }
        if (retentionDays != null && !"enterprise".equals(chosenPlan)) {
            throw CallFailure.invalidInput("retentionDays is set per workspace on the enterprise plan only"
                    + " (free keeps 90 days, pro 365)");
        }
        UUID id = UUID.randomUUID();
        UUID organization = organizationId == null ? UUID.randomUUID() : organizationId;
        tenantJdbc.inWorkspace(id, jdbc -> jdbc.update(
                "INSERT INTO workspaces (id, organization_id, name, plan, retention_days) VALUES (?, ?, ?, ?, ?)",
                id, organization, name, chosenPlan, retentionDays));
        String key = apiKeys.issue(id, null);
        return new Created(id, organization, name, chosenPlan, retentionDays, key);
    }

    /** The workspace with that id, as a caller (no user), or none. */
    public java.util.Optional<Workspace> find(UUID id) {
        return tenantJdbc.inWorkspace(id, jdbc -> jdbc.query("SELECT organization_id, plan FROM workspaces WHERE id = ?",
                (rs, i) -> new Workspace(id, rs.getObject(1, UUID.class), rs.getString(2), null), id)).stream().findFirst();
    }

    /** A new workspace and its API key, shown once. */
    public record Created(UUID workspaceId, UUID organizationId, String name, String plan, Integer retentionDays,
            String apiKey) {}
}
