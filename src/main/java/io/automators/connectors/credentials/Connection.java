package io.automators.connectors.credentials;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A workspace's connection to one connector; its credentials are never part of this view. */
public record Connection(UUID id, String connectorId, String name, String kind, boolean isDefault,
        OffsetDateTime createdAt) {

    public boolean hasStoredCredentials() { return "credentials".equals(kind); }
}
