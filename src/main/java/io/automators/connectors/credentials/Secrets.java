package io.automators.connectors.credentials;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A connection's decrypted credentials as the routes read them ({@code ${exchangeProperty.automatorsCredentials[apiKey]}}):
 * read-only, and never shown whole: {@link #toString()} (a log line, an exception message, a
 * debugger) and JSON give the field names with the values masked, so a route or a log statement that
 * prints the exchange's properties cannot leak them.
 */
public final class Secrets extends AbstractMap<String, String> {

    private final Map<String, String> values;

    public Secrets(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }

    @Override
    public String get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    /** The values, for storing them sealed again (Connections only). */
    Map<String, String> plain() {
        return values;
    }

    /** The field names with masked values. */
    @JsonValue
    public Map<String, String> masked() {
        return values.keySet().stream().collect(Collectors.toMap(k -> k, k -> "****", (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public String toString() {
        return masked().toString();
    }
}
