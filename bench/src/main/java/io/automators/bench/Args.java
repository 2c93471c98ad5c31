package io.automators.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key=value} arguments. */
final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();

    Args(String[] args) {
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --key=value, got " + a);
            }
            int eq = a.indexOf('=');
            values.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "true" : a.substring(eq + 1));
        }
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }

    String get(String key, String def) { return values.getOrDefault(key, def); }

    int getInt(String key, int def) { return values.containsKey(key) ? Integer.parseInt(values.get(key)) : def; }

    long getLong(String key, long def) { return values.containsKey(key) ? Long.parseLong(values.get(key)) : def; }

    double getDouble(String key, double def) { return values.containsKey(key) ? Double.parseDouble(values.get(key)) : def; }
}
