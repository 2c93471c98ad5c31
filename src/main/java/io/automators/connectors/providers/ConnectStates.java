package io.automators.connectors.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.credentials.CredentialCipher;
import io.automators.connectors.failures.CallFailure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The {@code state} of a connect flow (built-in OAuth, Nango): who started it, for which connector,
 * under which connection name, and (built-in OAuth) the PKCE verifier. It is sealed with the
 * runtime's AES-GCM key, so it is signed and unreadable on its way through the browser, expires after
 * {@link #LIFETIME}, and is used once on this node. Nothing is stored until the callback, and any
 * node sharing the crypto key can finish a flow another node started.
 */
@Component
public class ConnectStates {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String PURPOSE = "connect-state";
    private static final int MAX_LENGTH = 2048;

    private final CredentialCipher cipher;
    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();
    /** Nonces already used: a replayed callback on this node is refused rather than run twice. */
    private final Cache<String, Boolean> used = Caffeine.newBuilder().expireAfterWrite(LIFETIME).maximumSize(100_000).build();

    public ConnectStates(CredentialCipher cipher, ObjectMapper mapper) {
        this.cipher = cipher;
        this.mapper = mapper;
    }

    /** A new state for a flow the workspace starts now. */
    public String seal(UUID workspaceId, String connectorId, String name, String userId, String codeVerifier) {
        State state = new State(workspaceId, connectorId, name, userId, codeVerifier,
                Instant.now().plus(LIFETIME).getEpochSecond(), nonce());
        try {
            byte[] sealed = cipher.encrypt(mapper.writeValueAsString(state), PURPOSE);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state of a callback for {@code connectorId}: refused (400) when forged, for another connector, expired or used. */
    public State open(String sealed, String connectorId) {
        if (sealed == null || sealed.isBlank() || sealed.length() > MAX_LENGTH) {
            throw CallFailure.invalidInputAt("/state", "the callback carries no state of a connect flow");
        }
        State state;
        try {
            state = mapper.readValue(cipher.decrypt(Base64.getUrlDecoder().decode(sealed), PURPOSE), State.class);
        } catch (IllegalArgumentException | IllegalStateException | JsonProcessingException e) {
            throw CallFailure.invalidInputAt("/state", "the state is not one this runtime issued");
        }
        if (!state.connectorId().equals(connectorId)) {
            throw CallFailure.invalidInputAt("/state", "the state was issued for " + state.connectorId() + ", not " + connectorId);
        }
        if (Instant.now().getEpochSecond() > state.expiresAt()) {
            throw CallFailure.invalidInputAt("/state", "the connect flow expired (after " + LIFETIME.toMinutes()
                    + " minutes); start it again");
        }
        if (used.asMap().putIfAbsent(state.nonce(), Boolean.TRUE) != null) {
            throw CallFailure.invalidInputAt("/state", "this connect flow has already finished; start it again");
        }
        return state;
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What a connect flow carries from its start to its callback. */
    public record State(UUID workspaceId, String connectorId, String name, String userId, String codeVerifier,
            long expiresAt, String nonce) {
        @Override
        public String toString() {
            return "State[workspaceId=" + workspaceId + ", connectorId=" + connectorId + ", name=" + name + "]";
        }
    }
}
