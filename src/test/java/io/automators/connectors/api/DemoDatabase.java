package io.automators.connectors.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The demo database's credentials, as the first start wrote them into first-run.env. */
public final class DemoDatabase {

    private DemoDatabase() {}

    public static Map<String, Object> credentials() {
        Map<String, String> env = firstRunEnv();
        Map<String, Object> credentials = new HashMap<>();
        credentials.put("host", env.get("DEMO_DB_HOST"));
        credentials.put("port", Integer.parseInt(env.get("DEMO_DB_PORT")));
        credentials.put("database", env.get("DEMO_DB_NAME"));
        credentials.put("username", env.get("DEMO_DB_USER"));
        credentials.put("password", env.get("DEMO_DB_PASSWORD"));
        return credentials;
    }

    static Map<String, String> firstRunEnv() {
        Path file = Path.of(System.getProperty("automators.data-dir"), "first-run.env");
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
