package io.automators.connectors.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** PostHog and RudderStack as WireMock servers in their documented shapes (the stub folders' READMEs), and what they took. */
final class SinkStubs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SinkStubs() {}

    static WireMockServer posthog() { return start("stubs/posthog"); }

    static WireMockServer rudderstack() { return start("stubs/rudderstack"); }

    /** Sink arguments for a runtime: both stubs on, drained every 100 ms (the write key the RudderStack stub expects). */
    static List<String> runtimeArgs(WireMockServer posthog, WireMockServer rudderstack) {
        return List.of("--automators.analytics.posthog.host=" + posthog.baseUrl(),
                "--automators.analytics.posthog.api-key=phc_test_project_key",
                "--automators.analytics.rudderstack.data-plane-url=" + rudderstack.baseUrl(),
                "--automators.analytics.rudderstack.write-key=rs-write-key-test", "--automators.analytics.drain-period-ms=100");
    }

    /**
     * For each trace id, the ids of the events with that trace ({@code properties.trace_id}) a stub answered
     * 200 to, repeats kept: one action call is one event, so a trace's list holds one id, as often as it was sent.
     */
    static Map<String, List<String>> acceptedByTrace(WireMockServer sink, String idField) {
        Map<String, List<String>> byTrace = new HashMap<>();
        for (ServeEvent event : sink.getAllServeEvents()) {
            if (event.getResponse().getStatus() == 200) {
                read(event.getRequest().getBodyAsString()).get("batch").forEach(e -> byTrace
                        .computeIfAbsent(e.at("/properties/trace_id").asText(), k -> new ArrayList<>()).add(e.get(idField).asText()));
            }
        }
        return byTrace;
    }

    static List<JsonNode> acceptedBodies(WireMockServer sink) {
        return sink.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 200)
                .map(e -> read(e.getRequest().getBodyAsString())).toList();
    }

    /** The values of {@code idField} of the events a stub answered 200 to, in the order it got them, duplicates kept. */
    static List<String> accepted(WireMockServer sink, String idField) {
        List<String> ids = new ArrayList<>();
        for (ServeEvent event : sink.getAllServeEvents()) {
            if (event.getResponse().getStatus() == 200) {
                read(event.getRequest().getBodyAsString()).get("batch").forEach(e -> ids.add(e.get(idField).asText()));
            }
        }
        return ids;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WireMockServer start(String files) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderClasspath(files));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sink-stub-stop"));
        return server;
    }
}
