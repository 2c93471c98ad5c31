package io.automators.connectors.credentials;

import io.automators.connectors.storage.DataDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for stored credentials. The key comes from {@code automators.crypto.key} (base64, 32
 * bytes) or is generated once into {@code <data-dir>/crypto.key}. The connection's id and workspace
 * are the associated data, so a ciphertext copied onto another row does not decrypt.
 */
@Component
public class CredentialCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    public CredentialCipher(Environment env, DataDirectory dataDirectory) {
        String configured = env.getProperty("automators.crypto.key");
        byte[] raw;
        if (configured != null && !configured.isBlank()) {
            raw = Base64.getDecoder().decode(configured.trim());
        } else {
            raw = Base64.getUrlDecoder().decode(dataDirectory.secret("crypto.key", 32).value());
        }
        if (raw.length != 32) {
            throw new IllegalStateException("automators.crypto.key must be 32 bytes, base64-encoded (AES-256)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = newCipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, String associatedData) {
        try {
            Cipher cipher = newCipher();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored credentials do not decrypt with the configured automators.crypto.key", e);
        }
    }

    /**
     * A new Cipher per call: requests run on virtual threads, one per request, so a per-thread cache would
     * only hold garbage; and decryption runs once per cache period of {@link Connections}, not per call.
     */
    private static Cipher newCipher() throws GeneralSecurityException {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }
}
