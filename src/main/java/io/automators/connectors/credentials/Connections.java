package io.automators.connectors.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.api.ApiException;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorManifest.CredentialField;
import io.automators.connectors.storage.TenantJdbc;
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
 */
@Component
public class Connections {

    private static final RowMapper<Connection> ROW = (rs, i) -> new Connection(rs.getObject("id", UUID.class),
            rs.getString("connector_id"), rs.getString("name"), rs.getString("kind"), rs.getBoolean("is_default"),
            rs.getObject("created_at", OffsetDateTime.class));

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
                throw ApiException.badRequest("credential field '" + e.getKey() + "' is not accepted by "
                        + connector.id() + "; it takes " + known.stream().sorted().toList());
            }
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw ApiException.badRequest("credential field '" + e.getKey() + "' must be a string or a number");
            }
            String text = value.toString();
            if (text.length() > 8192) {
                throw ApiException.badRequest("credential field '" + e.getKey() + "' is too long");
            }
            if (text.contains("{{") || text.contains("${")) {
                throw ApiException.badRequest("credential field '" + e.getKey() + "' must not contain '{{' or '${'");
            }
            clean.put(e.getKey(), text);
        }
        for (CredentialField field : fields) {
            if (field.required() && !clean.containsKey(field.name())) {
                throw ApiException.badRequest("credential field '" + field.name() + "' is required by " + connector.id());
            }
        }
        return clean;
    }

    public Connection create(UUID workspaceId, String connectorId, String name, Map<String, String> credentials) {
        UUID id = UUID.randomUUID();
        byte[] sealed = cipher.encrypt(toJson(credentials), associatedData(workspaceId, id));
        try {
            return tenantJdbc.inWorkspace(workspaceId, jdbc -> {
                // The first connection of a connector becomes the workspace's default for it.
                Boolean hasDefault = jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM connections WHERE connector_id = ? AND is_default)",
                        Boolean.class, connectorId);
                jdbc.update("INSERT INTO connections (id, workspace_id, connector_id, name, kind, credentials, is_default)"
                        + " VALUES (?, ?, ?, ?, 'credentials', ?, ?)",
                        id, workspaceId, connectorId, name, sealed, !Boolean.TRUE.equals(hasDefault));
                return jdbc.queryForObject("SELECT * FROM connections WHERE id = ?", ROW, id);
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a connection named '" + name + "' to " + connectorId + " already exists");
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
            return tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.query(
                    "SELECT * FROM connections WHERE connector_id = ? AND is_default", ROW, connectorId))
                    .stream().findFirst();
        }
        UUID id = parseId(connectionId);
        Connection found = tenantJdbc.inWorkspace(workspaceId, jdbc -> {
            List<Connection> rows = jdbc.query("SELECT * FROM connections WHERE id = ?", ROW, id);
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            UUID owner = jdbc.queryForObject("SELECT connection_workspace(?)", UUID.class, id);
            if (owner != null) {
                throw ApiException.forbidden("connection " + connectionId + " belongs to another workspace");
            }
            throw ApiException.notFound("no connection " + connectionId);
        });
        if (!found.connectorId().equals(connectorId)) {
            throw ApiException.badRequest("connection " + connectionId + " is a connection to "
                    + found.connectorId() + ", not " + connectorId);
        }
        return Optional.of(found);
    }

    /** Decrypts a connection's credentials for the one call that needs them. */
    public Map<String, String> credentials(UUID workspaceId, UUID connectionId) {
        byte[] sealed = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForObject(
                "SELECT credentials FROM connections WHERE id = ?", byte[].class, connectionId));
        if (sealed == null) {
            return Map.of();
        }
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
            removed = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.update(
                    "DELETE FROM connections WHERE id = ? AND connector_id = ?", id, connectorId));
            if (removed > 0) {
                events.publishEvent(new ConnectionRemoved(id));
            }
        } else {
            List<UUID> ids = tenantJdbc.inWorkspace(workspaceId, jdbc -> jdbc.queryForList(
                    "DELETE FROM connections WHERE connector_id = ? RETURNING id", UUID.class, connectorId));
            ids.forEach(id -> events.publishEvent(new ConnectionRemoved(id)));
            removed = ids.size();
        }
        return removed;
    }

    private static UUID parseId(String connectionId) {
        try {
            return UUID.fromString(connectionId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("connectionId must be a UUID");
        }
    }

    private static String associatedData(UUID workspaceId, UUID connectionId) {
        return workspaceId + "/" + connectionId;
    }

    private String toJson(Map<String, String> credentials) {
        try {
            return mapper.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Published when a connection is removed, so pools and clients held for it can close. */
    public record ConnectionRemoved(UUID connectionId) {}
}
