package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.credentials.Connection;
import io.automators.connectors.credentials.Connections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A connection's lifecycle through the HTTP API: its status shows in the connection list, the
 * connector's detail and the catalog; a connection that must be connected again answers its calls
 * with a problem that says so and how, not a vendor error, until it is connected again.
 */
class ConnectionLifecycleTest extends ApiTestSupport {

    private static final String LIST_TABLES = "/api/v1/connectors/postgresql/actions/list_tables";

    @Autowired
    Connections connections;

    @Test
    void aNewConnectionIsConnectedEverywhereItIsShown() {
        Tenant t = newWorkspace("free");
        connectDemo(t);

        JsonNode listed = call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("connected");
        assertThat(listed.get("statusChangedAt").asText()).isNotBlank();
        assertThat(listed.has("statusReason")).isFalse();
        JsonNode detail = call("GET", "/api/v1/connectors/postgresql", t.apiKey(), null).json();
        assertThat(detail.at("/connections/0/status").asText()).isEqualTo("connected");
        JsonNode found = call("GET", "/api/v1/connectors?q=postgresql", t.apiKey(), null).json().at("/items/0");
        assertThat(found.get("connectionStatus").asText()).isEqualTo("connected");
        JsonNode other = call("GET", "/api/v1/connectors?q=redis", t.apiKey(), null).json().at("/items/0");
        assertThat(other.get("connectionStatus").asText()).isEqualTo("not_connected");
    }

    @Test
    void aConnectionThatNeedsReconnectingAnswersItsCallsWithAProblemSayingHow() {
        Tenant t = newWorkspace("free");
        UUID connection = connectDemo(t);
        assertThat(call("POST", LIST_TABLES, t.apiKey(), Map.of("input", Map.of())).status()).isEqualTo(200);

        assertThat(connections.markStatus(UUID.fromString(t.workspaceId()), connection, Connection.NEEDS_RECONNECT,
                "the refresh token was refused")).isTrue();

        Response refused = call("POST", LIST_TABLES, t.apiKey(), Map.of("input", Map.of()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://automators.io/problems/reconnect-needed");
        assertThat(problem.get("connectionId").asText()).isEqualTo(connection.toString());
        assertThat(problem.get("connectionStatus").asText()).isEqualTo("needs_reconnect");
        assertThat(problem.get("reconnect").asText()).isEqualTo("POST /api/v1/connectors/postgresql/connect");
        assertThat(problem.get("detail").asText()).contains("the refresh token was refused");
        JsonNode listed = call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("needs_reconnect");
        assertThat(listed.get("statusReason").asText()).isEqualTo("the refresh token was refused");
        assertThat(call("GET", "/api/v1/connectors?q=postgresql", t.apiKey(), null).json()
                .at("/items/0/connectionStatus").asText()).isEqualTo("needs_reconnect");

        connections.markStatus(UUID.fromString(t.workspaceId()), connection, Connection.CONNECTED, null);
        assertThat(call("POST", LIST_TABLES, t.apiKey(), Map.of("input", Map.of())).status()).isEqualTo(200);
    }

    @Test
    void aRevokedConnectionIsRefusedTooAndTheSameSignalTwiceChangesNothing() {
        Tenant t = newWorkspace("free");
        UUID connection = connectDemo(t);
        UUID workspace = UUID.fromString(t.workspaceId());

        connections.markStatus(workspace, connection, Connection.REVOKED, "revoked by the user at the vendor");
        String changedAt = call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("statusChangedAt").asText();
        connections.markStatus(workspace, connection, Connection.REVOKED, "revoked by the user at the vendor");

        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json().get(0).get("statusChangedAt").asText())
                .isEqualTo(changedAt);
        Response refused = call("POST", LIST_TABLES, t.apiKey(), Map.of("input", Map.of()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("connectionStatus").asText()).isEqualTo("revoked");
    }

    @Test
    void anotherWorkspaceCannotChangeTheStatusOfAConnection() {
        Tenant owner = newWorkspace("free");
        Tenant other = newWorkspace("free");
        UUID connection = connectDemo(owner);

        // Row-Level Security: the other workspace does not see the row, so nothing changes.
        assertThat(connections.markStatus(UUID.fromString(other.workspaceId()), connection, Connection.REVOKED, "x"))
                .isFalse();
        assertThat(call("GET", "/api/v1/connections", owner.apiKey(), null).json().get(0).get("status").asText())
                .isEqualTo("connected");
    }

    private UUID connectDemo(Tenant t) {
        Response r = call("POST", "/api/v1/connectors/postgresql/connect", t.apiKey(),
                Map.of("name", "demo", "credentials", DemoDatabase.credentials()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return UUID.fromString(r.json().get("connectionId").asText());
    }
}
