package io.automators.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events per second through the analytics outbox to both sinks, end to end: A3 (the runtime with PostHog
 * and RudderStack pointed at the vendor stub, which counts the events of each batch it takes) is sent
 * {@code --events} platform events ({@code POST /api/v1/events}, {@code --batch} a request, two
 * connections); each is committed with its two outbox rows before the 201, and the drain routes send
 * them on. Measured: how fast they are taken, and how long until both sinks have every one of them.
 */
public final class OutboxBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String url = args.get("url");
        String key = args.get("key");
        String stub = args.get("stub");
        int events = args.getInt("events", 20_000);
        int batch = args.getInt("batch", 500);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        JsonNode before = counts(http, stub);
        long posthog0 = before.path("posthogEvents").asLong();
        long rudder0 = before.path("rudderstackEvents").asLong();
        String body = body(batch);
        int requests = events / batch;
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            done.add(senders.submit(() -> {
                while (next.getAndIncrement() < requests) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/events"))
                            .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("POST /api/v1/events answered " + r.statusCode() + ": " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        int sent = requests * batch;

        double posthogSeconds = -1;
        double rudderSeconds = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(args.getInt("timeout-s", 300)).toNanos();
        while ((posthogSeconds < 0 || rudderSeconds < 0) && System.nanoTime() < deadline) {
            JsonNode now = counts(http, stub);
            double at = (System.nanoTime() - start) / 1e9;
            if (posthogSeconds < 0 && now.path("posthogEvents").asLong() - posthog0 >= sent) {
                posthogSeconds = at;
            }
            if (rudderSeconds < 0 && now.path("rudderstackEvents").asLong() - rudder0 >= sent) {
                rudderSeconds = at;
            }
            Thread.sleep(100);
        }
        JsonNode after = counts(http, stub);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "outbox");
        rec.put("events", sent);
        rec.put("batch", batch);
        rec.put("ingest_seconds", ingestSeconds);
        rec.put("ingested_events_per_s", sent / ingestSeconds);
        rec.put("posthog_received", after.path("posthogEvents").asLong() - posthog0);
        rec.put("rudderstack_received", after.path("rudderstackEvents").asLong() - rudder0);
        rec.put("posthog_seconds", posthogSeconds);
        rec.put("rudderstack_seconds", rudderSeconds);
        double both = Math.max(posthogSeconds, rudderSeconds);
        rec.put("delivered_events_per_s", posthogSeconds < 0 || rudderSeconds < 0 ? 0 : sent / both);
        System.out.printf("outbox: %d events taken in %.2f s (%.0f/s); at PostHog after %.2f s, at RudderStack after %.2f s:"
                + " %.0f events/s to both sinks%n", sent, ingestSeconds, sent / ingestSeconds, posthogSeconds, rudderSeconds,
                (double) rec.get("delivered_events_per_s"));
        Files.writeString(Path.of(args.get("out")), JSON.writeValueAsString(rec) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String body(int batch) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            events.add(Map.of("event_type", "rag_query_triggered", "properties", Map.of("vector_db_used", "pgvector", "latency_ms", i)));
        }
        return JSON.writeValueAsString(events);
    }

    private static JsonNode counts(HttpClient http, String stub) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(stub + "/__bench/count")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
