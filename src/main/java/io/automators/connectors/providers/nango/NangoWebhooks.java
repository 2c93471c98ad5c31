package io.automators.connectors.providers.nango;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.routing.BackendProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Nango's webhooks: the signature (X-Nango-Hmac-Sha256, hex HMAC-SHA256 of the raw body with the
 * webhook signing key) checked in constant time, then {@code auth} events applied to the connections
 * recorded for the Nango connection: a failed refresh makes them needs_reconnect, a successful
 * refresh or override connected again. Applying the same delivery twice changes nothing more.
 */
@Component
public class NangoWebhooks {

    private static final Logger log = LoggerFactory.getLogger(NangoWebhooks.class);

    private final BackendProperties backends;
    private final Connections connections;
    private final ConnectorCatalog catalog;
    private final NangoTokens tokens;
    private final ObjectMapper mapper;

    public NangoWebhooks(BackendProperties backends, Connections connections, ConnectorCatalog catalog,
            NangoTokens tokens, ObjectMapper mapper) {
        this.backends = backends;
        this.connections = connections;
        this.catalog = catalog;
        this.tokens = tokens;
        this.mapper = mapper;
    }

    /** Whether the signature is the body's, under the configured key; false when either is missing. */
    public boolean isSigned(byte[] body, String signature) {
        String key = backends.backend("nango").getWebhookSecret();
        if (key == null || key.isBlank() || signature == null || signature.isBlank()) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.trim().toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * A connection an end user made through a connect session of ours: the session's tags (set by
     * this runtime with its secret key, and signed back by Nango) name the workspace and connector.
     */
    private String recordNew(JsonNode event, String nangoConnectionId, String integration) {
        JsonNode tags = event.path("tags");
        String workspace = tags.path(NangoSessions.WORKSPACE_TAG).asText(null);
        String connectorId = tags.path(NangoSessions.CONNECTOR_TAG).asText(null);
        CatalogEntry connector = connectorId == null ? null : catalog.find(connectorId).orElse(null);
        if (workspace == null || connector == null || !integration.equals(connector.manifest().auth().nango())) {
            return "ignored: a new connection without this runtime's tags";
        }
        String name = NangoSessions.defaultName(nangoConnectionId);
        try {
            connections.createNango(java.util.UUID.fromString(workspace), connector.id(), name, nangoConnectionId);
        } catch (RuntimeException e) {
            // An unknown workspace or a name taken: nothing is recorded, and Nango need not deliver again.
            log.warn("Nango auth webhook: the new connection for {} could not be recorded: {}", connector.id(), e.getClass().getSimpleName());
            return "ignored: not recorded";
        }
        log.info("Nango auth webhook: a new {} connection recorded", connector.id());
        return "recorded";
    }

    /** Applies a verified delivery; answers what it did, for the sender's log. */
    public String apply(byte[] body) {
        JsonNode event;
        try {
            event = mapper.readTree(body);
        } catch (IOException e) {
            throw CallFailure.invalidInput("the webhook body is not JSON");
        }
        if (!"auth".equals(event.path("type").asText())) {
            return "ignored: type " + event.path("type").asText("(none)");
        }
        String nangoConnectionId = event.path("connectionId").asText(null);
        String integration = event.path("providerConfigKey").asText(null);
        String operation = event.path("operation").asText("");
        boolean success = event.path("success").asBoolean(false);
        if (nangoConnectionId == null || integration == null) {
            throw CallFailure.invalidInput("an auth webhook names connectionId and providerConfigKey");
        }
        int changed = 0;
        java.util.List<Connections.NangoOwner> owners = connections.nangoOwners(nangoConnectionId);
        if (owners.isEmpty() && success && "creation".equals(operation)) {
            return recordNew(event, nangoConnectionId, integration);
        }
        for (Connections.NangoOwner owner : owners) {
            CatalogEntry connector = catalog.find(owner.connectorId()).orElse(null);
            if (connector == null || !integration.equals(connector.manifest().auth().nango())) {
                continue;
            }
            if (success && ("refresh".equals(operation) || "override".equals(operation) || "creation".equals(operation))) {
                tokens.forget(owner.workspaceId(), owner.connectionId());
                connections.markStatus(owner.workspaceId(), owner.connectionId(), Connection.CONNECTED, null);
                changed++;
            } else if (!success) {
                tokens.forget(owner.workspaceId(), owner.connectionId());
                String reason = "Nango: " + operation + " failed"
                        + (event.path("error").path("description").isTextual()
                                ? " (" + event.path("error").path("description").asText() + ")" : "");
                connections.markStatus(owner.workspaceId(), owner.connectionId(), Connection.NEEDS_RECONNECT, reason);
                changed++;
            }
        }
        log.info("Nango auth webhook: {} {} for {} applied to {} connection(s)", operation, success ? "succeeded" : "failed",
                integration, changed);
        return "applied to " + changed + " connection(s)";
    }
}
