package io.automators.connectors.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decrypted credentials are readable by name and never shown whole. */
class SecretsTest {

    private final Secrets secrets = new Secrets(Map.of("apiKey", "xoxb-secret-value", "host", "db.example.com"));

    @Test
    void readsByNameAndIsReadOnly() {
        assertThat(secrets.get("apiKey")).isEqualTo("xoxb-secret-value");
        assertThat(secrets).containsKeys("apiKey", "host").hasSize(2);
        assertThatThrownBy(() -> secrets.put("apiKey", "other")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void neverPrintsOrSerializesAValue() throws Exception {
        assertThat(secrets.toString()).contains("apiKey").doesNotContain("xoxb-secret-value").doesNotContain("db.example.com");
        assertThat(new ObjectMapper().writeValueAsString(secrets)).contains("apiKey").doesNotContain("xoxb-secret-value");
        assertThat(String.valueOf(Map.of("credentials", secrets))).doesNotContain("xoxb-secret-value");
    }
}
