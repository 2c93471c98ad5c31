package io.automators.connectors.families;

import io.automators.connectors.security.HostGuard;
import io.automators.connectors.security.SecurityProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

/** What the database connector tests share. */
final class DatabaseTestSupport {

    private DatabaseTestSupport() {}

    /** A real HostGuard that lets the tests reach their local servers (loopback is internal otherwise). */
    static HostGuard localGuard() {
        SecurityProperties properties = new SecurityProperties();
        properties.setAllowedHosts(List.of("127.0.0.1", "localhost"));
        return new HostGuard(properties);
    }

    static SqlLimits limits(int statementTimeoutSeconds, int maxRows) {
        SqlLimits limits = new SqlLimits();
        limits.setStatementTimeoutSeconds(statementTimeoutSeconds);
        limits.setMaxRows(maxRows);
        return limits;
    }

    /** A port that nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        return closedPort();
    }
}
