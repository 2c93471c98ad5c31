package io.automators.connectors.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The demo database's credentials and the first API key, as a runtime's first start wrote them into first-run.env. */
public final class DemoDatabase {

    private DemoDatabase() {}

    /** Of the runtime of this JVM's tests (the data directory of automators.data-dir). */
    public static Map<String, Object> credentials() {
        return credentials(Path.of(System.getProperty("automators.data-dir")));
    }

    /** Of the runtime whose data directory this is. */
    public static Map<String, Object> credentials(Path dataDir) {
        Map<String, String> env = firstRunEnv(dataDir);
        Map<String, Object> credentials = new HashMap<>();
        credentials.put("host", env.get("DEMO_DB_HOST"));
        credentials.put("port", Integer.parseInt(env.get("DEMO_DB_PORT")));
        credentials.put("database", env.get("DEMO_DB_NAME"));
        credentials.put("username", env.get("DEMO_DB_USER"));
        credentials.put("password", env.get("DEMO_DB_PASSWORD"));
        return credentials;
    }

    public static Map<String, String> firstRunEnv(Path dataDir) {
        Path file = dataDir.resolve("first-run.env");
        try {
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
