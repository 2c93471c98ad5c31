package io.automators.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Constant-rate (open-loop) load: request j is due at start + j/rate, on connection j mod N.
 * Latency is measured from that intended send time, not from when the request actually left, so a
 * server stall is charged to every request that should have been sent during it (no coordinated
 * omission). Each connection is one thread with one keep-alive socket.
 */
public final class OpenLoopClient {

    /** The outcome of one run. */
    public record Result(Histogram histogram, long requests, long errors, double seconds, double rate, int connections) {

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate", rate);
            m.put("connections", connections);
            m.put("requests", requests);
            m.put("errors", errors);
            m.put("seconds", seconds);
            m.put("p50_us", histogram.getValueAtPercentile(50) / 1000.0);
            m.put("p90_us", histogram.getValueAtPercentile(90) / 1000.0);
            m.put("p99_us", histogram.getValueAtPercentile(99) / 1000.0);
            m.put("p999_us", histogram.getValueAtPercentile(99.9) / 1000.0);
            m.put("max_us", histogram.getMaxValue() / 1000.0);
            m.put("mean_us", histogram.getMean() / 1000.0);
            return m;
        }
    }

    private OpenLoopClient() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!args.get("token", "").isEmpty()) {
            headers.put("Authorization", "Bearer " + args.get("token"));
        }
        Result r = run(URI.create(args.get("url")), headers, args.get("body", null), args.getDouble("rate", 100),
                args.getInt("connections", 1), args.getDouble("seconds", 10));
        System.out.println(new ObjectMapper().writeValueAsString(r.summary()));
    }

    public static Result run(URI url, Map<String, String> headers, String body, double rate, int connections, double seconds)
            throws InterruptedException {
        long total = (long) (rate * seconds);
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 50_000_000L; // every thread connected and ready first
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            Histogram h = new Histogram(3_600_000_000_000L, 3);
            histograms.add(h);
            int conn = c;
            Thread t = new Thread(() -> {
                try (RawHttpConnection http = new RawHttpConnection(url, body == null ? "GET" : "POST", headers, body)) {
                    for (long j = conn; j < total; j += connections) {
                        long due = start + (long) (j * intervalNanos);
                        long wait = due - System.nanoTime();
                        if (wait > 100_000) {
                            LockSupport.parkNanos(wait - 60_000);
                        }
                        while (System.nanoTime() < due) {
                            Thread.onSpinWait();
                        }
                        int status;
                        try {
                            status = http.call();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long end = System.nanoTime();
                        h.recordValue(Math.max(0, end - due));
                        if (status < 200 || status >= 300) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    }
                }
            }, "openloop-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(3_600_000_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(all, done.get(), errors.get(), elapsed, rate, connections);
    }
}
