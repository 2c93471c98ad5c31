package io.automators.connectors.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus per connector and action: {@code automators_action_calls_seconds} (a latency histogram
 * whose count is the calls, tagged with the outcome — {@code success} or the problem's type — and the
 * waterfall's rule and provider), and {@code automators_waterfall_decisions_total} by rule and provider.
 * Meters are looked up once per tag set, not per call (bench/).
 */
@Component
public class CallMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Decision, Counter> decisions = new ConcurrentHashMap<>();

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One action call: its connector, action, the rule and provider that ran it (null: none), its outcome. */
    public void call(String connector, String action, Integer rule, String provider, String outcome, long nanos) {
        String ruleTag = rule == null ? "none" : rule.toString();
        String providerTag = provider == null ? "none" : provider;
        timers.computeIfAbsent(new Key(connector, action, ruleTag, providerTag, outcome), k -> Timer.builder("automators.action.calls")
                .description("Action calls by connector, action, outcome (success or the problem's type), rule and provider")
                .tags("connector", k.connector(), "action", k.action(), "outcome", k.outcome(), "rule", k.rule(),
                        "provider", k.provider())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        decision(rule, provider);
    }

    /** A waterfall decision (of a call, or decide-only). */
    public void decision(Integer rule, String provider) {
        String ruleTag = rule == null ? "none" : rule.toString();
        String providerTag = provider == null ? "none" : provider;
        decisions.computeIfAbsent(new Decision(ruleTag, providerTag), d -> Counter.builder("automators.waterfall.decisions")
                .description("The waterfall's decisions by rule and provider").tags("rule", d.rule(), "provider", d.provider())
                .register(registry)).increment();
    }

    private record Key(String connector, String action, String rule, String provider, String outcome) {}

    private record Decision(String rule, String provider) {}
}
