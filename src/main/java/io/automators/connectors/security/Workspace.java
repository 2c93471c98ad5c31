package io.automators.connectors.security;

import java.util.UUID;

/** The caller of an API call, as its API key says. */
public record Workspace(UUID id, UUID organizationId, String plan, String userId) {

    public boolean isEnterprise() { return "enterprise".equals(plan); }
}
