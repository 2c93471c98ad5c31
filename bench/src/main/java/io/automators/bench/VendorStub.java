package io.automators.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vendor: answers Slack's chat.postMessage shape (and any other POST/GET) with a small JSON body
 * after a delay that the harness changes between phases ({@code POST /__bench/delay?ms=20}).
 * JDK HTTP server, TCP_NODELAY, a wide thread pool so that a 20 ms delay never queues requests.
 * It is also A3's OTLP receiver ({@code POST /v1/traces}) and its PostHog and RudderStack ({@code POST /batch/},
 * {@code POST /v1/batch}: the events of each batch counted), all in {@code /__bench/count}.
 */
public final class VendorStub {

    static final byte[] SLACK_OK = "{\"ok\":true,\"channel\":\"C123ABC456\",\"ts\":\"1503435956.000247\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static volatile long delayMicros;
    private static final AtomicLong served = new AtomicLong();
    private static final AtomicLong otlpRequests = new AtomicLong();
    private static final AtomicLong otlpBytes = new AtomicLong();
    private static final AtomicLong posthogEvents = new AtomicLong();
    private static final AtomicLong rudderstackEvents = new AtomicLong();

    private VendorStub() {}

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        int port = args.getInt("port", 18090);
        delayMicros = args.getLong("delay-ms", 0) * 1000;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The default closes connections beyond 200 idle ones: A1, A2 and wrk together keep more than that open.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4000");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(args.getInt("threads", 300));
        server.setExecutor(pool);
        server.createContext("/__bench/delay", VendorStub::setDelay);
        server.createContext("/__bench/count", ex -> reply(ex, ("{\"served\":" + served.get() + ",\"otlpRequests\":"
                + otlpRequests.get() + ",\"otlpBytes\":" + otlpBytes.get() + ",\"posthogEvents\":" + posthogEvents.get()
                + ",\"rudderstackEvents\":" + rudderstackEvents.get() + "}").getBytes(StandardCharsets.UTF_8)));
        // A3's analytics sinks: PostHog's batch capture and RudderStack's HTTP API batch, each event counted.
        server.createContext("/batch/", ex -> receiveEvents(ex, "\"uuid\":", posthogEvents, "{\"status\":1}"));
        server.createContext("/v1/batch", ex -> receiveEvents(ex, "\"messageId\":", rudderstackEvents, "OK"));
        // A3's local OTLP receiver (http/protobuf): reads each export, counts it and answers success.
        server.createContext("/v1/traces", VendorStub::receiveSpans);
        server.createContext("/", VendorStub::answer);
        server.start();
        System.out.println("vendor stub on 127.0.0.1:" + port + ", delay " + delayMicros / 1000 + " ms");
    }

    private static void answer(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        long d = delayMicros;
        if (d > 0) {
            try {
                Thread.sleep(d / 1000, (int) (d % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        served.incrementAndGet();
        reply(ex, SLACK_OK);
    }

    private static void receiveSpans(HttpExchange ex) throws IOException {
        long bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        otlpRequests.incrementAndGet();
        otlpBytes.addAndGet(bytes);
        // An empty ExportTraceServiceResponse: everything accepted.
        ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    private static void receiveEvents(HttpExchange ex, String idField, AtomicLong events, String answer) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int n = 0;
        for (int at = body.indexOf(idField); at >= 0; at = body.indexOf(idField, at + 1)) {
            n++;
        }
        events.addAndGet(n);
        reply(ex, answer.getBytes(StandardCharsets.UTF_8));
    }

    private static void setDelay(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getQuery();
        if (q != null && q.startsWith("ms=")) {
            delayMicros = (long) (Double.parseDouble(q.substring(3)) * 1000);
        }
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        reply(ex, ("{\"delayMs\":" + delayMicros / 1000.0 + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
