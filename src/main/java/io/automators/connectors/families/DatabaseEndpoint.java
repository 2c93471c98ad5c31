package io.automators.connectors.families;

import io.automators.connectors.failures.CallFailure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The connection fields of a database family (sql, mongodb, redis), validated. Only these keys are
 * accepted, and a database manifest may declare no others ({@link FamilyCheck}): the family builds
 * the driver URL and properties itself, so that no driver option chosen by a tenant (pgjdbc's
 * {@code socketFactory} or {@code loggerFile} run code or write files) reaches a driver.
 */
public record DatabaseEndpoint(String host, int port, String database, String username, String password, String sslMode) {

    /** Seconds to open a TCP connection and log in. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Seconds a socket read may hang beyond the statement timeout (the statement timeout fires first). */
    public static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 30;

    public static final Set<String> KEYS = Set.of("host", "port", "database", "username", "password", "sslMode");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_\\-.$]{1,63}");
    private static final int MAX_VALUE_LENGTH = 1024;

    /** Validates {@code credentials}; {@code port} falls back to {@code defaultPort}. Throws a 400 problem. */
    public static DatabaseEndpoint from(Map<String, String> credentials, int defaultPort) {
        if (credentials == null || credentials.isEmpty()) {
            throw CallFailure.invalidInput("the connection has no credentials");
        }
        Set<String> unknown = new TreeSet<>(credentials.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw CallFailure.invalidInput("unsupported connection field(s) " + unknown + "; allowed are " + new TreeSet<>(KEYS));
        }
        credentials.forEach((key, value) -> {
            // Placeholders would be resolved by Spring or Camel property resolution further down.
            if (value != null && (value.contains("{{") || value.contains("${"))) {
                throw CallFailure.invalidInput("connection field " + key + " must not contain {{ or ${");
            }
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw CallFailure.invalidInput("connection field " + key + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
        });
        String host = blankToNull(credentials.get("host"));
        if (host == null) {
            throw CallFailure.invalidInput("host is required");
        }
        int port = defaultPort;
        String rawPort = blankToNull(credentials.get("port"));
        if (rawPort != null) {
            try {
                port = Integer.parseInt(rawPort.trim());
            } catch (NumberFormatException e) {
                throw CallFailure.invalidInput("port must be a number between 1 and 65535");
            }
        }
        if (port < 1 || port > 65535) {
            throw CallFailure.invalidInput("port must be between 1 and 65535");
        }
        String database = blankToNull(credentials.get("database"));
        if (database != null && !DATABASE.matcher(database).matches()) {
            throw CallFailure.invalidInput("database must match " + DATABASE.pattern());
        }
        return new DatabaseEndpoint(host.trim(), port, database, blankToNull(credentials.get("username")),
                emptyToNull(credentials.get("password")), blankToNull(credentials.get("sslMode")));
    }

    /** The value, or a 400 problem naming the missing field. */
    public static String required(String value, String field) {
        if (value == null) {
            throw CallFailure.invalidInput(field + " is required");
        }
        return value;
    }

    /** The address as a URL host: IPv6 in brackets, so that it never is the tenant's DNS name. */
    public static String urlHost(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value; // a password may be all spaces
    }

    /** Whether the connection asks for TLS: sslMode disable (or none) or require; mongodb and redis know no other. */
    public boolean requiresTls() {
        if (sslMode == null || sslMode.equals("disable")) {
            return false;
        }
        if (sslMode.equals("require")) {
            return true;
        }
        throw CallFailure.invalidInputAt("/credentials/sslMode", "must be disable or require");
    }

    /** Never prints the password (records print every component by default). */
    @Override
    public String toString() {
        return "DatabaseEndpoint[host=" + host + ", port=" + port + ", database=" + database + ", username=" + username
                + ", password=" + (password == null ? "null" : "***") + ", sslMode=" + sslMode + "]";
    }
}
