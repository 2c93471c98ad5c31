package io.automators.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.credentials.Connection;
import io.automators.connectors.failures.CallFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The plan's routing metric (99%+), measured on labelled cases: src/test/resources/routing/accuracy-cases.csv,
 * each a connector (auth, routing hints, action kind), a stored connection or none (holding a Panora
 * connection token or not), the call's context
 * and plan, and the backends that are down in that case (unconfigured, or their circuit breaker open),
 * with the rule and provider docs/providers.md says must take it. Every case runs the real waterfall
 * route; availability is switched per case on the running backends. It prints the accuracy and fails
 * below 100% on the labelled set, naming each miss.
 */
class RoutingAccuracyTest extends AllBackendsConfigured {

    static final Path CASES = Path.of("src/test/resources/routing/accuracy-cases.csv");
    static final String KAOTO_ROUTE = "kaoto-accuracy-route";

    @Autowired
    BackendProperties backends;

    @Autowired
    BackendHealth health;

    @Test
    void routesEveryLabelledCaseToItsExpectedRuleAndProvider() throws Exception {
        List<Map<String, String>> cases = read();
        List<String> misses = new ArrayList<>();
        try (AutoCloseable kaoto = loadRoute(KAOTO_ROUTE)) {
            for (Map<String, String> c : cases) {
                WaterfallDecision decision = decideWithBackendsDown(c);
                String expected = c.get("expected_rule") + "/" + c.get("expected_provider");
                String actual = decision.getRule() + "/" + decision.getProvider();
                if (!expected.equals(actual)) {
                    misses.add(c.get("case") + ": expected " + expected + ", routed " + actual + " — " + c);
                }
            }
        }
        double accuracy = 100.0 * (cases.size() - misses.size()) / cases.size();
        System.out.printf("routing accuracy: %.2f%% (%d of %d labelled cases)%n", accuracy, cases.size() - misses.size(),
                cases.size());
        misses.forEach(m -> System.out.println("  miss " + m));
        assertThat(cases).as("labelled cases").hasSizeGreaterThanOrEqualTo(200);
        assertThat(misses).as("cases routed otherwise than labelled (accuracy %.2f%%)", accuracy).isEmpty();
    }

    /** One case, with the backends it names down for its duration only. */
    private WaterfallDecision decideWithBackendsDown(Map<String, String> c) {
        Map<String, BackendProperties.Backend> removed = new LinkedHashMap<>();
        List<String> opened = new ArrayList<>();
        try {
            String down = c.get("backends_down");
            if (!"-".equals(down)) {
                for (String spec : down.split(";")) {
                    String[] parts = spec.split(":");
                    if ("unconfigured".equals(parts[1])) {
                        removed.put(parts[0], backends.getProviders().remove(parts[0]));
                    } else {
                        open(parts[0]);
                        opened.add(parts[0]);
                    }
                }
            }
            return decide(connectorOf(c), c.get("plan"), context("1".equals(c.get("visual")), c.get("complexity")),
                    connectionOf(c)).decision();
        } finally {
            removed.forEach((name, backend) -> backends.getProviders().put(name, backend));
            opened.forEach(health::reset);
        }
    }

    /** Opens the backend's breaker the way failures do: minimum-calls failed calls in a row. */
    private void open(String backend) {
        for (int i = 0; i < 5; i++) {
            try {
                health.call(backend, () -> {
                    throw CallFailure.unavailable("the accuracy test's failing " + backend, null);
                });
            } catch (CallFailure expected) {
                // counted by the breaker
            }
        }
        assertThat(health.unhealthyReason(backend)).as(backend + "'s breaker").isNotNull();
    }

    private static Connector connectorOf(Map<String, String> c) {
        String id = "1".equals(c.get("shared_key_configured")) ? "acme-keys" : "acme-other";
        Connector connector = connector(id).auth(c.get("auth")).kind(c.get("kind"));
        if ("1".equals(c.get("shared_key_allowed"))) connector.sharedKey();
        if ("1".equals(c.get("panora_mapped"))) connector.panora();
        if ("1".equals(c.get("composio_tool"))) connector.composioTool("ACME_DO_IT");
        if ("loaded".equals(c.get("kaoto_route"))) connector.kaotoRoute(KAOTO_ROUTE);
        if ("missing".equals(c.get("kaoto_route"))) connector.kaotoRoute("kaoto-accuracy-not-loaded");
        if ("1".equals(c.get("custom"))) connector.custom();
        if ("1".equals(c.get("airbyte_connection"))) connector.airbyteConnection("connectionId");
        if (!"none".equals(c.get("singer_tap"))) connector.singerTap(c.get("singer_tap"));
        if ("1".equals(c.get("meltano_pipeline"))) connector.meltanoPipeline("tap-acme target-postgres");
        if ("1".equals(c.get("openapi"))) connector.openapi("acme.openapi.yaml");
        return connector;
    }

    private static Optional<Connection> connectionOf(Map<String, String> c) {
        String kind = c.get("connection");
        if ("none".equals(kind)) {
            return Optional.empty();
        }
        return "credentials".equals(kind) ? connection("acme", kind, "1".equals(c.get("panora_token"))
                ? List.of("apiKey", WaterfallRules.PANORA_TOKEN_FIELD) : List.of("apiKey")) : connection("acme", kind);
    }

    private static List<Map<String, String>> read() throws IOException {
        List<String> lines = Files.readAllLines(CASES);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> cases = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] values = line.split(",", -1);
            Map<String, String> c = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                c.put(header[i], values[i]);
            }
            cases.add(c);
        }
        return cases;
    }
}
