package io.automators.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One catalog size on a runtime the script just launched: startup (launch to /actuator/health UP),
 * route selection latency (POST /api/v1/route/decide, open-loop at one connection after a warm-up),
 * and the used heap after a full GC (jcmd GC.run, then GC.heap_info).
 */
public final class CatalogProbe {

    static final String DECIDE_BODY = "{\"connector\":\"slack\",\"action\":\"send_message\"}";

    private CatalogProbe() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String base = args.get("base");
        long launchMs = args.getLong("launch-ms", 0);
        long pid = args.getLong("pid", 0);
        int n = args.getInt("n", 10);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long upMs = waitUp(http, base, args.getInt("timeout-s", 180));
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "catalog");
        rec.put("connectors", n);
        rec.put("round", args.getInt("round", 1));
        rec.put("startup_ms", upMs - launchMs);
        System.out.printf("catalog %d: up %d ms after launch%n", n, upMs - launchMs);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + args.get("token"));
        URI decide = URI.create(base + "/api/v1/route/decide");
        try (RawHttpConnection c = new RawHttpConnection(decide, "POST", headers, DECIDE_BODY)) {
            int status = c.call();
            if (status != 200) {
                throw new IllegalStateException("route/decide answered " + status);
            }
        }
        OpenLoopClient.run(decide, headers, DECIDE_BODY, args.getDouble("rate", 500), 1, args.getDouble("warmup-s", 10));
        OpenLoopClient.Result r = OpenLoopClient.run(decide, headers, DECIDE_BODY, args.getDouble("rate", 500), 1,
                args.getDouble("seconds", 10));
        rec.put("decide", r.summary());
        if (pid > 0) {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            rec.put("heap_used_kb", usedHeapKb(info));
            rec.put("heap_info", info.strip());
        }
        String line = new ObjectMapper().writeValueAsString(rec);
        Files.writeString(Path.of(args.get("out")), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.printf("catalog %d: decide p50=%.0fus p99=%.0fus heap=%s KB%n", n,
                ((Number) r.summary().get("p50_us")).doubleValue(), ((Number) r.summary().get("p99_us")).doubleValue(),
                rec.get("heap_used_kb"));
    }

    static long waitUp(HttpClient http, String base, int timeoutS) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutS * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return System.currentTimeMillis();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(base + " not UP within " + timeoutS + " s");
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Sums "used NK" of the heap's generation lines (those that say "total"), Metaspace excluded. */
    static long usedHeapKb(String heapInfo) {
        long sum = 0;
        Pattern used = Pattern.compile("total \\d+K, used (\\d+)K");
        for (String line : heapInfo.split("\n")) {
            Matcher m = used.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }
}
