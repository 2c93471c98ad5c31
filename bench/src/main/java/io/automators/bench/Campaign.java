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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The arms, run in the same campaign and interleaved: for each stub delay, for each repetition, for
 * each connection count, every arm in turn (the order rotates per repetition). Open-loop runs give
 * the latency percentiles, wrk runs the closed-loop throughput; each run records the server's CPU.
 * Every run is one JSON line in {@code --out}.
 *
 * <pre>
 * --arms=A0,A1,A2  --arm.A2.url=… --arm.A2.token=… --arm.A2.pid=…  --stub=http://127.0.0.1:p
 * --open=0:1:200,0:10:500,20:10:250   (delayMs:connections:rate)  --open-seconds=10
 * --wrk=0:10,20:100                   (delayMs:connections)       --wrk-seconds=8
 * --reps=3 --wrk-cpus=0 --lua=bench/wrk-post.lua --out=…/runs.jsonl
 * </pre>
 */
public final class Campaign {

    static final String VENDOR_BODY = "{\"channel\":\"C123ABC456\",\"text\":\"hello\"}";
    static final String ACTION_BODY = "{\"input\":" + VENDOR_BODY + "}";
    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};

    record Arm(String name, String url, String token, long pid, String pgPidFile) {
        String body() { return name.equals("A0") ? VENDOR_BODY : ACTION_BODY; }
    }

    private Campaign() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<Arm> arms = new ArrayList<>();
        for (String name : args.get("arms").split(",")) {
            arms.add(new Arm(name, args.get("arm." + name + ".url"), args.get("arm." + name + ".token", ""),
                    Long.parseLong(args.get("arm." + name + ".pid", "0")),
                    args.get("arm." + name + ".pg-pid-file", "")));
        }
        String stub = args.get("stub");
        int reps = args.getInt("reps", 3);
        int wrkReps = args.getInt("wrk-reps", reps);
        double openSeconds = args.getDouble("open-seconds", 10);
        int wrkSeconds = args.getInt("wrk-seconds", 8);
        Path out = Path.of(args.get("out"));
        Files.createDirectories(out.getParent());
        String cpus = args.get("wrk-cpus", "");
        String lua = args.get("lua");

        // Group both kinds of runs by stub delay so that the delay changes only a few times.
        Map<Integer, List<int[]>> openByDelay = new LinkedHashMap<>();
        for (String s : args.get("open", "").split(",")) {
            if (!s.isBlank()) {
                String[] p = s.split(":");
                openByDelay.computeIfAbsent(Integer.parseInt(p[0]), k -> new ArrayList<>())
                        .add(new int[] {Integer.parseInt(p[1]), Integer.parseInt(p[2])});
            }
        }
        Map<Integer, List<Integer>> wrkByDelay = new LinkedHashMap<>();
        for (String s : args.get("wrk", "").split(",")) {
            if (!s.isBlank()) {
                String[] p = s.split(":");
                wrkByDelay.computeIfAbsent(Integer.parseInt(p[0]), k -> new ArrayList<>()).add(Integer.parseInt(p[1]));
            }
        }
        List<Integer> delays = new ArrayList<>(openByDelay.keySet());
        wrkByDelay.keySet().stream().filter(d -> !delays.contains(d)).forEach(delays::add);

        ObjectMapper json = new ObjectMapper();
        long campaignStart = System.nanoTime();
        for (int delay : delays) {
            setDelay(stub, delay);
            // A short settle at the new delay: connection pools and JIT see the new timing.
            for (Arm arm : arms) {
                OpenLoopClient.run(URI.create(arm.url()), headers(arm), arm.body(), delay == 0 ? 200 : 100, 5, 2);
            }
            for (int rep = 1; rep <= reps; rep++) {
                List<Arm> order = rotate(arms, rep - 1);
                for (int[] oc : openByDelay.getOrDefault(delay, List.of())) {
                    for (Arm arm : order) {
                        double cpu0 = ProcCpu.cpuMs(arm.pid());
                        double tree0 = ProcCpu.treeCpuMs(arm.pid(), arm.pgPidFile());
                        double jit0 = ProcCpu.jitCpuMs(arm.pid());
                        OpenLoopClient.Result r = OpenLoopClient.run(URI.create(arm.url()), headers(arm), arm.body(),
                                oc[1], oc[0], openSeconds);
                        double cpu = ProcCpu.cpuMs(arm.pid()) - cpu0;
                        double tree = ProcCpu.treeCpuMs(arm.pid(), arm.pgPidFile()) - tree0;
                        double jit = ProcCpu.jitCpuMs(arm.pid()) - jit0;
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("kind", "open");
                        rec.put("arm", arm.name());
                        rec.put("delay_ms", delay);
                        rec.put("rep", rep);
                        rec.putAll(r.summary());
                        rec.put("cpu_ms_per_req", cpu / Math.max(1, r.requests()));
                        rec.put("tree_cpu_ms_per_req", tree / Math.max(1, r.requests()));
                        rec.put("jit_cpu_ms_per_req", jit / Math.max(1, r.requests()));
                        rec.put("percentiles", percentiles(r.histogram()));
                        write(out, json, rec);
                    }
                }
                for (int conns : rep <= wrkReps ? wrkByDelay.getOrDefault(delay, List.<Integer>of()) : List.<Integer>of()) {
                    for (Arm arm : order) {
                        double cpu0 = ProcCpu.cpuMs(arm.pid());
                        double tree0 = ProcCpu.treeCpuMs(arm.pid(), arm.pgPidFile());
                        double jit0 = ProcCpu.jitCpuMs(arm.pid());
                        Map<String, Object> w = WrkRunner.run(arm.url(), arm.body(), arm.token(), conns, wrkSeconds, cpus, lua);
                        double cpu = ProcCpu.cpuMs(arm.pid()) - cpu0;
                        double tree = ProcCpu.treeCpuMs(arm.pid(), arm.pgPidFile()) - tree0;
                        double jit = ProcCpu.jitCpuMs(arm.pid()) - jit0;
                        long requests = ((Number) w.get("requests")).longValue();
                        double seconds = ((Number) w.get("duration_us")).doubleValue() / 1e6;
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("kind", "wrk");
                        rec.put("arm", arm.name());
                        rec.put("delay_ms", delay);
                        rec.put("rep", rep);
                        rec.put("connections", conns);
                        rec.put("rps", requests / seconds);
                        rec.putAll(w);
                        rec.put("cpu_ms_per_req", cpu / Math.max(1, requests));
                        rec.put("tree_cpu_ms_per_req", tree / Math.max(1, requests));
                        rec.put("jit_cpu_ms_per_req", jit / Math.max(1, requests));
                        write(out, json, rec);
                    }
                }
            }
        }
        System.out.printf("campaign done in %.0f s%n", (System.nanoTime() - campaignStart) / 1e9);
    }

    static Map<String, String> headers(Arm arm) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Authorization", "Bearer " + (arm.token().isEmpty() ? "xoxb-bench" : arm.token()));
        return h;
    }

    static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            m.put(String.valueOf(p), h.getValueAtPercentile(p) / 1000.0);
        }
        return m;
    }

    static <T> List<T> rotate(List<T> list, int by) {
        List<T> r = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            r.add(list.get((i + by) % list.size()));
        }
        return r;
    }

    static void setDelay(String stub, int delayMs) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stub + "/__bench/delay?ms=" + delayMs))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("stub refused the delay: " + r.body());
        }
        System.out.println("stub delay " + delayMs + " ms");
    }

    private static void write(Path out, ObjectMapper json, Map<String, Object> rec) throws IOException {
        String line = json.writeValueAsString(rec);
        Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Object p50 = rec.get("p50_us");
        Object p99 = rec.get("p99_us");
        System.out.printf("%-4s %-3s delay=%-2s c=%-3s rep=%s  p50=%.0fus p99=%.0fus %s cpu/req=%.3fms errors=%s%n",
                rec.get("kind"), rec.get("arm"), rec.get("delay_ms"), rec.get("connections"), rec.get("rep"),
                ((Number) p50).doubleValue(), ((Number) p99).doubleValue(),
                rec.containsKey("rps") ? String.format("rps=%.0f", ((Number) rec.get("rps")).doubleValue())
                        : String.format("rate=%.0f", ((Number) rec.get("rate")).doubleValue()),
                ((Number) rec.get("cpu_ms_per_req")).doubleValue(),
                rec.containsKey("errors") ? rec.get("errors") : rec.get("errors_status"));
    }
}
