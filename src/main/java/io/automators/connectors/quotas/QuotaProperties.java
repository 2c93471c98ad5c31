package io.automators.connectors.quotas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The quotas of the platform's shared resources per plan ({@code automators.quotas.*}). */
@ConfigurationProperties("automators.quotas")
public class QuotaProperties {

    private final SharedKey sharedKey = new SharedKey();

    public SharedKey getSharedKey() { return sharedKey; }

    /** Rule 3: calls a workspace may make per UTC day on the platform's shared keys, by plan; -1 is no limit. */
    public static class SharedKey {

        private Map<String, Long> callsPerDay = new LinkedHashMap<>(Map.of("free", 100L, "pro", 5_000L, "enterprise", 50_000L));

        public Map<String, Long> getCallsPerDay() { return callsPerDay; }
        public void setCallsPerDay(Map<String, Long> callsPerDay) { this.callsPerDay = callsPerDay; }

        /** The plan's daily limit; a plan the map does not name gets the free plan's. */
        long limitOf(String plan) {
            Long limit = callsPerDay.get(plan);
            return limit != null ? limit : callsPerDay.getOrDefault("free", 100L);
        }
    }
}
