package io.automators.connectors.families;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.sql.Dialect;
import io.automators.connectors.families.sql.SqlFamily;
import io.automators.connectors.security.HostGuard;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A built-in SQL connector as its manifest makes it: the sql family with the manifest's dialect. */
final class SqlConnector implements AutoCloseable {

    private final SqlFamily family;
    private final Dialect dialect;

    private SqlConnector(SqlFamily family, Dialect dialect) {
        this.family = family;
        this.dialect = dialect;
    }

    static SqlConnector of(String connectorId, HostGuard guard, SqlLimits limits) {
        return new SqlConnector(new SqlFamily(guard, limits, null), Dialect.of(manifest(connectorId)));
    }

    static ConnectorManifest manifest(String connectorId) {
        try {
            return new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(new File("config/connectors/" + connectorId + ".yaml"), ConnectorManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> executeQuery(Map<String, String> credentials, String connectionId, Map<String, Object> input) {
        return family.executeQuery(dialect, credentials, connectionId, input);
    }

    Map<String, Object> listTables(Map<String, String> credentials, String connectionId, Map<String, Object> input) {
        return family.listTables(dialect, credentials, connectionId, input);
    }

    void evict(String connectionId) {
        family.evict(connectionId);
    }

    int openPools() {
        return family.openPools();
    }

    @Override
    public void close() {
        family.close();
    }
}
