package io.automators.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A catalog of N connectors: a copy of the real manifests (so slack and its route exist) plus
 * generated ones in slack.yaml's shape, ids gen-00001…, category generated, each action routed to
 * the already loaded route slack-send-message.
 */
public final class CatalogGenerator {

    private CatalogGenerator() {}

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        int n = args.getInt("n", 10);
        Path dir = Path.of(args.get("dir"));
        Path source = Path.of(args.get("source", "config/connectors"));
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        int real = 0;
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
                real++;
            }
        }
        int generated = Math.max(0, n - real);
        for (int i = 1; i <= generated; i++) {
            String id = String.format("gen-%05d", i);
            Files.writeString(dir.resolve(id + ".yaml"), manifest(id, i));
        }
        System.out.printf("catalog of %d connectors (%d real, %d generated) in %s%n", real + generated, real, generated, dir);
    }

    static String manifest(String id, int i) {
        return """
                id: %s
                name: Generated %d
                category: generated
                version: 1.0.0
                family: http
                description: Generated connector %d for the catalog-scale benchmark (slack's shape).
                auth:
                  type: oauth2
                  nango: slack
                  credentials:
                    - name: apiKey
                      required: true
                      secret: true
                      description: A bot token (xoxb-…) with the chat:write scope
                baseUrl: https://slack.com
                actions:
                  send_message:
                    description: Post a message to a channel, or into a thread (chat.postMessage).
                    route: slack-send-message
                    input:
                      type: object
                      additionalProperties: false
                      required: [channel, text]
                      properties:
                        channel: { type: string, minLength: 1, maxLength: 80, description: "Channel id (C0123…) or name (#general)" }
                        text: { type: string, minLength: 1, maxLength: 40000 }
                        thread_ts: { type: string, pattern: "^[0-9]+\\\\.[0-9]+$", description: "Reply in this thread" }
                """.formatted(id, i, i);
    }
}
