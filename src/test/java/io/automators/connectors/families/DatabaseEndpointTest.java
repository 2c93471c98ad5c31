package io.automators.connectors.families;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseEndpointTest {

    @Test
    void parsesAndDefaultsThePort() {
        DatabaseEndpoint endpoint = DatabaseEndpoint.from(
                Map.of("host", "db.example.com", "database", "app_db", "username", "u", "password", "p"), 5432);

        assertThat(endpoint.port()).isEqualTo(5432);
        assertThat(endpoint.database()).isEqualTo("app_db");
        assertThat(endpoint.toString()).doesNotContain("=p,").contains("password=***");
    }

    @Test
    void refusesUnknownKeysBadPortsDatabaseNamesAndPlaceholders() {
        assertBadRequest(Map.of("host", "h", "database", "d", "loggerFile", "/tmp/x"), "loggerFile");
        assertBadRequest(Map.of("host", "h", "database", "d", "port", "70000"), "port");
        assertBadRequest(Map.of("host", "h", "database", "d", "port", "0"), "port");
        assertBadRequest(Map.of("host", "h", "database", "d?socketFactory=x"), "database");
        assertBadRequest(Map.of("host", "h", "database", "d", "password", "${env:SECRET}"), "password");
        assertBadRequest(Map.of("host", "h", "database", "d", "username", "{{secret}}"), "username");
        assertBadRequest(Map.of("database", "d"), "host");
    }

    private static void assertBadRequest(Map<String, String> credentials, String mentioned) {
        assertThatThrownBy(() -> DatabaseEndpoint.from(credentials, 5432))
                .isInstanceOfSatisfying(CallFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(mentioned);
                });
    }
}
