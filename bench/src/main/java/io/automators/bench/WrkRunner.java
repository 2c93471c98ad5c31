package io.automators.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Closed-loop maximum throughput: wrk with a Lua script for the POST body and headers, pinned to the load CPUs. */
final class WrkRunner {

    private WrkRunner() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> run(String url, String body, String token, int connections, int seconds, String cpus,
            String lua) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (cpus != null && !cpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        int threads = Math.min(connections, 2);
        cmd.addAll(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "--latency", "-s", lua, url));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BENCH_BODY", body);
        pb.environment().put("BENCH_TOKEN", token == null ? "" : token);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("BENCH_JSON ")) {
                return new ObjectMapper().readValue(line.substring("BENCH_JSON ".length()), Map.class);
            }
        }
        throw new IOException("wrk (rc " + rc + ") printed no result:\n" + out);
    }
}
