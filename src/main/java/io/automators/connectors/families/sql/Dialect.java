package io.automators.connectors.families.sql;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.ConnectorManifest.SqlDialect;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.families.DatabaseEndpoint;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/** One connector's SQL dialect, as its manifest gives it, with what the family does with it. */
public record Dialect(String connectorId, String name, SqlDialect spec) {

    private static final Map<String, Dialect> BY_CONNECTOR = new ConcurrentHashMap<>();

    /** The JDBC URL's subprotocol (postgresql, mysql, mariadb): the database's name in spans. */
    public String system() {
        String url = spec.url();
        int start = url.startsWith("jdbc:") ? 5 : 0;
        int end = url.indexOf(':', start);
        return end > start ? url.substring(start, end) : connectorId;
    }

    /** The dialect of a connector's manifest. */
    public static Dialect of(ConnectorManifest manifest) {
        if (manifest.dialect() == null) {
            throw new IllegalStateException("connector " + manifest.id() + " is in the sql family but has no dialect");
        }
        return new Dialect(manifest.id(), manifest.name(), manifest.dialect());
    }

    /** The dialect of the exchange's connector, built once per manifest. */
    static Dialect of(ConnectorCatalog catalog, Exchange exchange) {
        CatalogEntry entry = catalog.ofCall(exchange);
        Dialect known = BY_CONNECTOR.get(entry.id());
        if (known != null && known.spec == entry.manifest().dialect()) {
            return known;
        }
        Dialect built = of(entry.manifest());
        BY_CONNECTOR.put(entry.id(), built);
        return built;
    }

    /** The JDBC URL; {@code host} is an IP literal checked by the host guard, {@code database} is validated. */
    String url(String host, int port, String database) {
        return spec.url().replace("{host}", host).replace("{port}", String.valueOf(port))
                .replace("{database}", database == null ? "" : database);
    }

    /** The driver properties: the author's, user and password, the ssl mode; never anything of the tenant's choosing. */
    Properties driverProperties(DatabaseEndpoint endpoint, int connectTimeoutSeconds, int socketTimeoutSeconds) {
        Properties p = new Properties();
        if (spec.driverProperties() != null) {
            spec.driverProperties().forEach((key, value) -> p.setProperty(key, value
                    .replace("{connectTimeoutSeconds}", String.valueOf(connectTimeoutSeconds))
                    .replace("{connectTimeoutMillis}", String.valueOf(connectTimeoutSeconds * 1000L))
                    .replace("{socketTimeoutSeconds}", String.valueOf(socketTimeoutSeconds))
                    .replace("{socketTimeoutMillis}", String.valueOf(socketTimeoutSeconds * 1000L))));
        }
        if (endpoint.username() != null) {
            p.setProperty("user", endpoint.username());
        }
        if (endpoint.password() != null) {
            p.setProperty("password", endpoint.password());
        }
        ConnectorManifest.SslMode ssl = spec.sslMode();
        if (ssl != null) {
            String asked = endpoint.sslMode() == null ? ssl.whenUnset() : endpoint.sslMode();
            if (asked != null) {
                String value = ssl.values().get(asked);
                if (value == null) {
                    throw CallFailure.invalidInputAt("/credentials/sslMode", "must be one of " + ssl.values().keySet());
                }
                p.setProperty(ssl.property(), value);
            }
        }
        return p;
    }

    /** Whether the database cancelled the statement because of its time limit. */
    boolean isStatementTimeout(SQLException e) {
        if (e instanceof SQLTimeoutException) {
            return true;
        }
        ConnectorManifest.Timeouts t = spec.timeouts();
        if (t == null) {
            return false;
        }
        return contains(t.sqlStates(), e.getSQLState()) || contains(t.errorCodes(), e.getErrorCode())
                || (t.messages() != null && e.getMessage() != null && t.messages().stream().anyMatch(e.getMessage()::contains));
    }

    private static <T> boolean contains(List<T> values, T value) {
        return values != null && value != null && values.contains(value);
    }
}
