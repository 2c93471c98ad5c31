package io.automators.connectors.credentials;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A workspace's connection to one connector; its credentials are never part of this view. Its
 * status says whether calls can use it ({@code connected}) or it must be connected again
 * ({@code needs_reconnect}, {@code revoked}), since when and why.
 */
public record Connection(UUID id, String connectorId, String name, String kind, boolean isDefault,
        OffsetDateTime createdAt, String status, OffsetDateTime statusChangedAt, String statusReason,
        String nangoConnectionId) {

    public static final String CONNECTED = "connected";
    public static final String NEEDS_RECONNECT = "needs_reconnect";
    public static final String REVOKED = "revoked";

    public boolean hasStoredCredentials() { return "credentials".equals(kind); }

    public boolean isNango() { return "nango".equals(kind); }

    public boolean isUsable() { return CONNECTED.equals(status); }
}
