package io.automators.connectors.families;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool or client per stored connection. The key also holds a hash of the credentials, so that an
 * edited connection gets a fresh pool instead of the one logged in with the old password.
 */
public final class ClientCache<T> {

    private static final Logger log = LoggerFactory.getLogger(ClientCache.class);

    private final ConcurrentHashMap<String, T> clients = new ConcurrentHashMap<>();
    private final Consumer<T> closer;

    public ClientCache(Consumer<T> closer) {
        this.closer = closer;
    }

    /** The cached client of this connection and credentials, or a new one from {@code factory}. */
    public T get(String connectionId, Map<String, String> credentials, Supplier<T> factory) {
        String prefix = prefix(connectionId);
        String key = prefix + hash(credentials);
        T existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        // Created outside computeIfAbsent: connecting can take seconds and must not block other keys.
        T created = factory.get();
        T raced = clients.putIfAbsent(key, created);
        if (raced != null) {
            close(created);
            return raced;
        }
        // The same connection under older credentials is of no more use.
        clients.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.equals(key) && clients.remove(k, v)) {
                close(v);
            }
        });
        return created;
    }

    /** Closes the clients of one connection (after a disconnect or an edit). */
    public void evict(String connectionId) {
        String prefix = prefix(connectionId);
        clients.forEach((k, v) -> {
            if (k.startsWith(prefix) && clients.remove(k, v)) {
                close(v);
            }
        });
    }

    public void closeAll() {
        clients.forEach((k, v) -> {
            if (clients.remove(k, v)) {
                close(v);
            }
        });
    }

    public int size() {
        return clients.size();
    }

    private void close(T client) {
        try {
            closer.accept(client);
        } catch (RuntimeException e) {
            log.warn("closing a database client failed: {}", e.toString());
        }
    }

    private static String prefix(String connectionId) {
        return Objects.requireNonNullElse(connectionId, "") + "|";
    }

    private static String hash(Map<String, String> credentials) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(credentials).forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
