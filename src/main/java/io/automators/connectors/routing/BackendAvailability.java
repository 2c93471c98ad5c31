package io.automators.connectors.routing;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Whether a waterfall backend can take a call now: configured (its keys are set). Circuit breakers
 * per backend come with the first backend that calls out over the network (Nango); until then
 * "healthy" is not checked here.
 */
@Component
public class BackendAvailability {

    private final BackendProperties backends;
    private final Environment environment;
    private final BackendHealth health;

    public BackendAvailability(BackendProperties backends, Environment environment, BackendHealth health) {
        this.backends = backends;
        this.environment = environment;
        this.health = health;
    }

    public boolean isConfigured(String backend) {
        return backends.backend(backend).isConfigured();
    }

    /** Configured and healthy (its circuit breaker not open): it can take a call now. */
    public boolean isAvailable(String backend) {
        return isConfigured(backend) && health.unhealthyReason(backend) == null;
    }

    /** Why a configured backend cannot take calls now (its breaker is open), or null. */
    public String unhealthyReason(String backend) {
        return health.unhealthyReason(backend);
    }

    /** Whether the deployment configured the Singer tap ({@code automators.providers.singer.taps.<tap>}). */
    public boolean hasSingerTap(String tap) {
        return backends.backend("singer").getTaps().containsKey(tap);
    }

    /** The platform's shared key for a connector ({@code automators.connectors.<id>.shared-key}), if any. */
    public String sharedKey(String connectorId) {
        String key = environment.getProperty("automators.connectors." + connectorId + ".shared-key");
        return key == null || key.isBlank() ? null : key;
    }
}
