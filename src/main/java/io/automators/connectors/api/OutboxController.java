package io.automators.connectors.api;

import io.automators.connectors.events.AnalyticsSinks;
import io.automators.connectors.events.Outbox;
import io.automators.connectors.failures.CallFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The analytics outbox for operators (admin token): each sink's configuration and backlog, the dead
 * letters with their last error, and re-driving them once the sink is fixed.
 */
@RestController
@RequestMapping("/api/v1/admin/outbox")
class OutboxController {

    private static final List<String> SINKS = List.of(AnalyticsSinks.POSTHOG, AnalyticsSinks.RUDDERSTACK);

    private final Outbox outbox;
    private final AnalyticsSinks sinks;

    OutboxController(Outbox outbox, AnalyticsSinks sinks) {
        this.outbox = outbox;
        this.sinks = sinks;
    }

    @GetMapping
    public Map<String, Object> show(@RequestParam(required = false) String sink, @RequestParam(defaultValue = "100") int limit) {
        String only = checked(sink);
        if (limit < 1 || limit > 1000) {
            throw CallFailure.invalidInputAt("/limit", "between 1 and 1000");
        }
        Map<String, Object> bySink = new LinkedHashMap<>();
        outbox.counts().forEach((name, counts) -> {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("configured", sinks.isConfigured(name));
            state.putAll(counts);
            bySink.put(name, state);
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sinks", bySink);
        answer.put("deadLetters", outbox.deadLetters(only, limit));
        return answer;
    }

    @PostMapping("/redrive")
    public Map<String, Object> redrive(@RequestParam(required = false) String sink) {
        return Map.of("redriven", outbox.redrive(checked(sink)));
    }

    private static String checked(String sink) {
        if (sink != null && !SINKS.contains(sink)) {
            throw CallFailure.invalidInputAt("/sink", "one of " + SINKS);
        }
        return sink;
    }
}
