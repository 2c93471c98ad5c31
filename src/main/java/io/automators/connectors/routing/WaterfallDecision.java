package io.automators.connectors.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * The waterfall's answer for one call: the rule that fired (1-12), its name, the provider that
 * runs the call (and, where the rule had a choice, why this one), and every earlier rule with the
 * reason it was skipped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class WaterfallDecision {

    private Integer rule;
    private String ruleName;
    private String provider;
    private String reason;
    private final List<Skipped> skipped = new ArrayList<>();

    void skip(int rule, String ruleName, String reason) {
        skipped.add(new Skipped(rule, ruleName, reason));
    }

    void select(int rule, String ruleName, String provider, String reason) {
        this.rule = rule;
        this.ruleName = ruleName;
        this.provider = provider;
        this.reason = reason;
    }

    public Integer getRule() { return rule; }
    public String getRuleName() { return ruleName; }
    public String getProvider() { return provider; }
    /** Why the rule chose this provider over its other one (rule 1: built-in OAuth instead of Nango). */
    public String getReason() { return reason; }
    public List<Skipped> getSkipped() { return List.copyOf(skipped); }

    public record Skipped(int rule, String ruleName, String reason) {}
}
