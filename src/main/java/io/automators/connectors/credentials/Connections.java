package io.automators.connectors.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorManifest.CredentialField;
import io.automators.connectors.storage.TenantJdbc;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Stores, finds and removes a workspace's connections. Credentials are checked against the fields
 * the connector's manifest declares (nothing else is stored, so no driver option from a tenant can
 * ever reach a driver), encrypted, and decrypted only for the call that uses them.
 *
 * <p>The call path reads through short-lived caches (a connection, and its credentials decrypted once
 * per {@link #CACHE_TTL} into a {@link Secrets} map that never prints its values), so an action call
 * costs no database round trip and no decryption for them. A change made on this replica takes effect
 * at once; one made on another replica within {@link #CACHE_TTL}.
 */
@Component
public class Connections {

    private static final RowMapper<Connection> ROW = (rs, i) -> new Connection(rs.getObject("id", UUID.class),
            rs.getString("connector_id"), rs.getString("name"), rs.getString("kind"), rs.getBoolean("is_default"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getString("status"),
            rs.getObject("status_changed_at", OffsetDateTime.class), rs.getString("status_reason"),
            rs.getString("nango_connection_id"), fieldNames(rs.getArray("credential_fields")));

    private static List<String> fieldNames(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? null : List.of((String[]) array.getArray());
    }

    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    /** The default connection of (workspace, connector), or none. */
    private final Cache<DefaultKey, Optional<Connection>> defaults = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();
    /** A workspace's own connection by id. */
    private final Cache<OwnKey, Connection> byId = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();
    /**
     * Credentials by connection, decrypted once per {@link #CACHE_TTL} (AES-GCM per call was a few
     * percent of a call's CPU; bench/): plaintext lives this long on the heap, in a map whose toString
     * and JSON never show a value, and is dropped when the connection changes.
     */
    private final Cache<OwnKey, Map<String, String>> plainCredentials = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();

    private final TenantJdbc tenantJdbc;
    private final CredentialCipher cipher;
    private final ObjectMapper mapper;
    private final ApplicationEventPublisher events;

    public Connections(TenantJdbc tenantJdbc, CredentialCipher cipher, ObjectMapper mapper,
            ApplicationEventPublisher events) {
        this.tenantJdbc = tenantJdbc;
        this.cipher = cipher;
        this.mapper = mapper;
        this.events = events;
    }

    /** Checks the credentials against the manifest's fields; the connector's own rules (hosts, ports) run at use. */
    public static Map<String, String> checkFields(CatalogEntry connector, Map<String, Object> credentials) {
        List<CredentialField> fields = connector.manifest().auth().credentialFields();
        Set<String> known = fields.stream().map(CredentialField::name).collect(Collectors.toSet());
        Map<String, String> clean = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : credentials.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw CallFailure.invalidInput("credential field '" + e.getKey() + "' is not accepted by "
                        + connector.id() + "; it takes " + known.stream().sorted().toList());
            }
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw CallFailure.invalidInput("credential field '" + e.getKey() + "' must be a string or a number");
            }
            String text = value.toString();
            String type = fields.stream().filter(f -> f.name().equals(e.getKey())).findFirst()
                    .map(CredentialField::typeOrDefault).orElse("string");
            if (!fitsType(type, text)) {
                throw CallFailure.invalidInputAt("/credentials/" + e.getKey(), "must be " + ("integer".equals(type)
                        ? "an integer" : "a " + type));
            }
            if (text.length() > 8192) {
                throw CallFailure.invalidInput("credential field '" + e.getKey() + "' is too long");
            }
            if (text.contains("{{") || text.contains("${")) {
                throw CallFailure.invalidInput("credential field '" + e.getKey() + "' must not contain '{{' or '${'");
            }
            clean.put(e.getKey(), text);
        }
        for (CredentialField field : fields) {
            if (field.required() && (!clean.containsKey(field.name()) || clean.get(field.name()).isBlank())) {
                throw CallFailure.invalidInputAt("/credentials/" + field.name(), "is required by " + connector.id()
                        + " and must not be empty");
            }
        }
        return clean;
    }

    private static boolean fitsType(String type, String text) {
        return switch (type) {
            case "integer" -> text.matches("-?[0-9]{1,18}");
            case "number" -> text.matches("-?[0-9]{1,18}(\\.[0-9]{1,18})?([eE][-+]?[0-9]{1,3})?");
            case "boolean" -> text.equals("true") || text.equals("false");
            default -> true;
        };
    }

    public Connection create(UUID workspaceId, String connectorId, String name, Map<String, String> credentials) {
        UUID id = UUID.randomUUID();
        byte[] sealed = cipher.encrypt(toJson(credentials), associatedData(workspaceId, id));
        return insert(id, workspaceId, connectorId, name, "credentials", sealed, null,
                credentials.keySet().stream().sorted().toArray(String[]::new));
    }

    /** Records a connection Nango holds (checked there by the caller); no credentials are stored here. */
    public Connection createNango(UUID workspaceId, String connectorId, String name, String nangoConnectionId) {
        return insert(UUID.randomUUID(), workspaceId, connectorId, name, "nango", null, nangoConnectionId, null);
    }

    /**
     * Records the tokens of a built-in OAuth flow as the workspace's {@code oauth} connection named
     * {@code name}: a new one, or the same one connected again (its tokens replaced, its status back to
     * connected), which is how a connection that needs reconnecting is mended.
     */
    public Connection saveOAuth(UUID workspaceId, String connectorId, String name, Map<String, String> tokens) {
        List<Connection> same = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.query(
                "SELECT * FROM connections WHERE connector_id = ? AND name = ?", ROW, connectorId, name));
        if (same.isEmpty()) {
            UUID id = UUID.randomUUID();
            return insert(id, workspaceId, connectorId, name, "oauth", cipher.encrypt(toJson(tokens),
                    associatedData(workspaceId, id)), null, null);
        }
        Connection existing = same.get(0);
        if (!"oauth".equals(existing.kind())) {
            throw CallFailure.conflict("a connection named '" + name + "' to " + connectorId + " already exists and is a "
                    + existing.kind() + " connection; choose another name");
        }
        byte[] sealed = cipher.encrypt(toJson(tokens), associatedData(workspaceId, existing.id()));
        Connection updated = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
            jdbc.update("UPDATE connections SET credentials = ?, status = ?, status_reason = NULL,"
                    + " status_changed_at = now(), updated_at = now() WHERE id = ?", sealed, Connection.CONNECTED, existing.id());
            return jdbc.queryForObject("SELECT * FROM connections WHERE id = ?", ROW, existing.id());
        });
        forgetCached(workspaceId, existing.id(), connectorId);
        return updated;
    }

    /**
     * Reads a connection's credentials and lets {@code update} replace them, holding the connection's
     * row locked in the runtime's PostgreSQL (SELECT … FOR UPDATE) throughout: on any number of
     * nodes, one update runs at a time per connection, and the next one sees what the last one stored.
     * A token refresh uses it so that one refresh serves every node. {@code update} answers the same map
     * to leave them as they are.
     */
    public Map<String, String> updateCredentialsLocked(UUID workspaceId, UUID connectionId,
            java.util.function.UnaryOperator<Map<String, String>> update) {
        Map<String, String> result = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
            List<byte[]> rows = jdbc.query("SELECT credentials FROM connections WHERE id = ? FOR UPDATE",
                    (rs, i) -> rs.getBytes(1), connectionId);
            if (rows.isEmpty()) {
                throw CallFailure.notFound("no connection " + connectionId);
            }
            byte[] stored = rows.get(0);
            // A connection made with Nango starts without credentials: the token kept for it comes later.
            Map<String, String> current = stored == null ? Map.of() : read(stored, workspaceId, connectionId);
            Map<String, String> next = update.apply(current);
            if (next != current) {
                jdbc.update("UPDATE connections SET credentials = ?, updated_at = now() WHERE id = ?",
                        cipher.encrypt(toJson(next), associatedData(workspaceId, connectionId)), connectionId);
            }
            return next;
        });
        plainCredentials.invalidate(new OwnKey(workspaceId, connectionId));
        return result;
    }

    private Connection insert(UUID id, UUID workspaceId, String connectorId, String name, String kind, byte[] sealed,
            String nangoConnectionId, String[] credentialFields) {
        try {
            Connection created = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
                // The first connection of a connector becomes the workspace's default for it.
                Boolean hasDefault = jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM connections WHERE connector_id = ? AND is_default)",
                        Boolean.class, connectorId);
                jdbc.update("INSERT INTO connections (id, workspace_id, connector_id, name, kind, credentials,"
                        + " nango_connection_id, is_default, credential_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, workspaceId, connectorId, name, kind, sealed, nangoConnectionId, !Boolean.TRUE.equals(hasDefault),
                        credentialFields);
                return jdbc.queryForObject("SELECT * FROM connections WHERE id = ?", ROW, id);
            });
            defaults.invalidate(new DefaultKey(workspaceId, connectorId)); // after the commit, so no reader re-caches the old
            return created;
        } catch (DuplicateKeyException e) {
            throw CallFailure.conflict("a connection named '" + name + "' to " + connectorId + " already exists");
        }
    }

    public List<Connection> list(UUID workspaceId) {
        return tenantJdbc.inWorkspace(workspaceId,
                jdbc -> jdbc.query("SELECT * FROM connections ORDER BY connector_id, created_at", ROW));
    }

    /**
     * The connection an action call uses: the one named by id (403 if it belongs to another
     * workspace, 404 if none), or the workspace's default for the connector (empty if none).
     */
    public Optional<Connection> resolve(UUID workspaceId, String connectorId, String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            return defaults.get(new DefaultKey(workspaceId, connectorId), key -> tenantJdbc.inWorkspace(workspaceId,
                    jdbc -> jdbc.query("SELECT * FROM connections WHERE connector_id = ? AND is_default", ROW, connectorId))
                    .stream().findFirst());
        }
        UUID id = parseId(connectionId);
        Connection found = byId.get(new OwnKey(workspaceId, id), key -> tenantJdbc.inWorkspace(workspaceId, jdbc -> {
            List<Connection> rows = jdbc.query("SELECT * FROM connections WHERE id = ?", ROW, id);
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            UUID owner = jdbc.queryForObject("SELECT connection_workspace(?)", UUID.class, id);
            if (owner != null) {
                throw CallFailure.forbidden("connection " + connectionId + " belongs to another workspace");
            }
            throw CallFailure.notFound("no connection " + connectionId);
        }));
        if (!found.connectorId().equals(connectorId)) {
            throw CallFailure.invalidInput("connection " + connectionId + " is a connection to "
                    + found.connectorId() + ", not " + connectorId);
        }
        return Optional.of(found);
    }

    /** A connection's credentials for a call (decrypted at most once per {@link #CACHE_TTL}). */
    public Map<String, String> credentials(UUID workspaceId, UUID connectionId) {
        return plainCredentials.get(new OwnKey(workspaceId, connectionId), key -> {
            byte[] sealed = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.query("SELECT credentials FROM connections WHERE id = ?",
                    (rs, i) -> rs.getBytes(1), connectionId)).stream().findFirst().orElse(new byte[0]);
            return sealed.length == 0 ? Map.of() : new Secrets(read(sealed, workspaceId, connectionId));
        });
    }

    private Map<String, String> read(byte[] sealed, UUID workspaceId, UUID connectionId) {
        try {
            return mapper.readValue(cipher.decrypt(sealed, associatedData(workspaceId, connectionId)),
                    new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials of a connection are not readable", e);
        }
    }

    /** Removes the workspace's connections to a connector (all, or the one named); answers how many. */
    public int delete(UUID workspaceId, String connectorId, String connectionId) {
        int removed;
        if (connectionId != null && !connectionId.isBlank()) {
            UUID id = parseId(connectionId);
            removed = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
                int deleted = jdbc.update("DELETE FROM connections WHERE id = ? AND connector_id = ?", id, connectorId);
                // The oldest remaining connection becomes the default when the default went away.
                jdbc.update("UPDATE connections SET is_default = true WHERE id = (SELECT id FROM connections"
                        + " WHERE connector_id = ? ORDER BY created_at, id LIMIT 1)"
                        + " AND NOT EXISTS (SELECT 1 FROM connections WHERE connector_id = ? AND is_default)",
                        connectorId, connectorId);
                return deleted;
            });
            if (removed > 0) {
                forget(workspaceId, id);
            }
        } else {
            List<UUID> ids = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForList(
                    "DELETE FROM connections WHERE connector_id = ? RETURNING id", UUID.class, connectorId));
            ids.forEach(id -> forget(workspaceId, id));
            removed = ids.size();
        }
        defaults.invalidate(new DefaultKey(workspaceId, connectorId));
        return removed;
    }

    /**
     * Moves a connection to {@code status} ({@link Connection#CONNECTED}, {@link Connection#NEEDS_RECONNECT},
     * {@link Connection#REVOKED}) with the reason, now. Answers whether the connection exists; unchanged
     * when it already has that status and reason, so a repeated signal (a replayed webhook) changes nothing.
     */
    public boolean markStatus(UUID workspaceId, UUID connectionId, String status, String reason) {
        if (!List.of(Connection.CONNECTED, Connection.NEEDS_RECONNECT, Connection.REVOKED).contains(status)) {
            throw new IllegalArgumentException("no connection status " + status);
        }
        String why = reason == null ? null : reason.substring(0, Math.min(reason.length(), 500));
        // One transaction: the row, and the change only where it is one.
        List<String> changed = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
            List<String> connector = jdbc.queryForList("SELECT connector_id FROM connections WHERE id = ?", String.class,
                    connectionId);
            if (connector.isEmpty()) {
                return null;
            }
            int updated = jdbc.update("UPDATE connections SET status = ?, status_reason = ?, status_changed_at = now(),"
                    + " updated_at = now() WHERE id = ? AND (status <> ? OR status_reason IS DISTINCT FROM ?)",
                    status, why, connectionId, status, why);
            return updated == 0 ? List.of() : connector;
        });
        if (changed == null) {
            return false;
        }
        if (!changed.isEmpty()) {
            // Calls read connections through the caches: the new status counts from the next call on.
            byId.invalidate(new OwnKey(workspaceId, connectionId));
            defaults.invalidate(new DefaultKey(workspaceId, changed.get(0)));
        }
        return true;
    }

    /** The runtime's connections recorded for a Nango connection, in every workspace (for Nango's webhooks). */
    public List<NangoOwner> nangoOwners(String nangoConnectionId) {
        return tenantJdbc.jdbc().query("SELECT workspace_id, connection_id, connector_id FROM nango_connection_owners(?)",
                (rs, i) -> new NangoOwner(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)),
                nangoConnectionId);
    }

    /** A workspace's connection recorded for a Nango connection. */
    public record NangoOwner(UUID workspaceId, UUID connectionId, String connectorId) {}

    private void forgetCached(UUID workspaceId, UUID connectionId, String connectorId) {
        byId.invalidate(new OwnKey(workspaceId, connectionId));
        plainCredentials.invalidate(new OwnKey(workspaceId, connectionId));
        defaults.invalidate(new DefaultKey(workspaceId, connectorId));
    }

    private void forget(UUID workspaceId, UUID connectionId) {
        byId.invalidate(new OwnKey(workspaceId, connectionId));
        plainCredentials.invalidate(new OwnKey(workspaceId, connectionId));
        events.publishEvent(new ConnectionRemoved(connectionId));
    }

    private static UUID parseId(String connectionId) {
        try {
            return UUID.fromString(connectionId);
        } catch (IllegalArgumentException e) {
            throw CallFailure.invalidInput("connectionId must be a UUID");
        }
    }

    private static String associatedData(UUID workspaceId, UUID connectionId) {
        return workspaceId + "/" + connectionId;
    }

    private String toJson(Map<String, String> credentials) {
        try {
            // Secrets write masked values as JSON: what is stored is always the values themselves.
            return mapper.writeValueAsString(credentials instanceof Secrets secrets ? secrets.plain() : credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record DefaultKey(UUID workspaceId, String connectorId) {}

    private record OwnKey(UUID workspaceId, UUID connectionId) {}

    /** Published when a connection is removed, so pools and clients held for it can close. */
    public record ConnectionRemoved(UUID connectionId) {}
}
