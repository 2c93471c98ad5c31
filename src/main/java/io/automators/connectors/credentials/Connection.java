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
        String nangoConnectionId, java.util.List<String> credentialFields) {

    public static final String CONNECTED = "connected";
    public static final String NEEDS_RECONNECT = "needs_reconnect";
    public static final String REVOKED = "revoked";

    public boolean hasStoredCredentials() { return "credentials".equals(kind); }

    /** Whether its stored credentials hold the field (by name; false where the names were not recorded). */
    public boolean holds(String field) {
        return credentialFields != null && credentialFields.contains(field);
    }

    public boolean isNango() { return "nango".equals(kind); }

    /** Made with the runtime's own OAuth client: its tokens are stored here, sealed. */
    public boolean isOAuth() { return "oauth".equals(kind); }

    public boolean isUsable() { return CONNECTED.equals(status); }

    /** What the workspace does to use the connector again when this connection cannot be used. */
    public String remedy() {
        if (isOAuth()) {
            return "connect it again: GET /api/v1/oauth/" + connectorId + "/authorize?name=" + name
                    + " and send the end user to the authorizationUrl it answers";
        }
        if (isNango()) {
            return "connect " + connectorId + " again through Nango (POST /api/v1/nango/connect-sessions), then remove"
                    + " this connection";
        }
        return "connect " + connectorId + " again with new credentials, then remove this connection";
    }
}
