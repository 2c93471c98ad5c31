package io.automators.connectors.security;

import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.StorageProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/** The admin token: from automators.admin-token, or generated once into {@code <data-dir>/admin-token}. */
@Component
public class AdminToken {

    private final String token;
    private final boolean generated;

    public AdminToken(StorageProperties properties, DataDirectory dataDirectory) {
        String configured = properties.getAdminToken();
        if (configured != null && !configured.isBlank()) {
            this.token = configured;
            this.generated = false;
        } else {
            DataDirectory.Secret secret = dataDirectory.secret("admin-token", 32);
            this.token = "adm_" + secret.value();
            this.generated = secret.generated();
        }
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The token in clear, for the one first-start message. */
    public String value() { return token; }

    public boolean wasGeneratedNow() { return generated; }
}
