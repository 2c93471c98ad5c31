package io.automators.connectors.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The analytics sinks the outbox feeds, each on when its settings are: PostHog
 * ({@code automators.analytics.posthog.host} and {@code .api-key}, its batch capture endpoint) and
 * RudderStack ({@code automators.analytics.rudderstack.data-plane-url} and {@code .write-key}, its
 * HTTP API's batch endpoint). An unconfigured sink gets no outbox rows. The keys never leave this
 * class but in the sink's own request.
 */
@Component
public class AnalyticsSinks {

    public static final String POSTHOG = "posthog";
    public static final String RUDDERSTACK = "rudderstack";

    private final String posthogApiKey;
    private final String rudderstackAuthorization;
    private final List<String> configured = new ArrayList<>();
    private final int batchSize;
    private final int leaseSeconds;
    private final int maxAttempts;
    private final long backoffInitialMs;
    private final long backoffMaxMs;

    public AnalyticsSinks(Environment env) {
        posthogApiKey = env.getProperty("automators.analytics.posthog.api-key", "").trim();
        if (!env.getProperty("automators.analytics.posthog.host", "").isBlank() && !posthogApiKey.isEmpty()) {
            configured.add(POSTHOG);
        }
        String writeKey = env.getProperty("automators.analytics.rudderstack.write-key", "").trim();
        // RudderStack's Basic auth: the write key as the user name, an empty password.
        rudderstackAuthorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        if (!env.getProperty("automators.analytics.rudderstack.data-plane-url", "").isBlank() && !writeKey.isEmpty()) {
            configured.add(RUDDERSTACK);
        }
        batchSize = env.getProperty("automators.analytics.batch-size", Integer.class, 500);
        leaseSeconds = env.getProperty("automators.analytics.lease-seconds", Integer.class, 60);
        maxAttempts = env.getProperty("automators.analytics.max-attempts", Integer.class, 10);
        backoffInitialMs = env.getProperty("automators.analytics.backoff-initial-ms", Long.class, 1000L);
        backoffMaxMs = env.getProperty("automators.analytics.backoff-max-ms", Long.class, 300_000L);
    }

    /** The sinks that are on: each event gets one outbox row per sink here. */
    public List<String> configured() { return configured; }

    public boolean isConfigured(String sink) { return configured.contains(sink); }

    String posthogApiKey() { return posthogApiKey; }

    String rudderstackAuthorization() { return rudderstackAuthorization; }

    public int batchSize() { return batchSize; }

    public int leaseSeconds() { return leaseSeconds; }

    public int maxAttempts() { return maxAttempts; }

    /** How long after its {@code attempt}-th failed attempt a row waits: doubling from the initial wait, capped. */
    public long backoffMs(int attempt) {
        long wait = backoffInitialMs << Math.min(Math.max(attempt - 1, 0), 20);
        return Math.min(wait, backoffMaxMs);
    }
}
