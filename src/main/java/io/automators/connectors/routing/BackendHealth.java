package io.automators.connectors.routing;

import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The health of the backends that call out (Nango first): a circuit breaker each (Resilience4j).
 * A backend that keeps failing — unreachable, timing out, answering errors — is opened for a while:
 * the waterfall counts it unavailable and says so, and its calls fail at once instead of waiting.
 * Failures of the tenant's own making (a connection Nango does not have) do not count.
 */
@Component
public class BackendHealth {

    private final CircuitBreakerRegistry breakers;

    public BackendHealth(@Value("${automators.providers.circuit-breaker.failure-rate-percent:50}") float failureRate,
            @Value("${automators.providers.circuit-breaker.minimum-calls:5}") int minimumCalls,
            @Value("${automators.providers.circuit-breaker.open-seconds:30}") long openSeconds) {
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(minimumCalls, 10))
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(Duration.ofSeconds(openSeconds))
                .permittedNumberOfCallsInHalfOpenState(1)
                // Open → half-open when the wait is over, without a call: the waterfall routes by the state,
                // so no call would otherwise ever reach the backend again to close the breaker.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(BackendHealth::isBackendFailure)
                .build());
    }

    /** Runs a call to the backend through its breaker; an open breaker fails at once, saying so. */
    public <T> T call(String backend, Supplier<T> call) {
        try {
            return breakers.circuitBreaker(backend).executeSupplier(call);
        } catch (CallNotPermittedException open) {
            throw CallFailure.unavailable(backend + " is failing and its circuit breaker is open; it is tried again"
                    + " after automators.providers.circuit-breaker.open-seconds", null);
        }
    }

    /**
     * Closes the backend's breaker and forgets its recent calls: the backend is tried again at once
     * (an operator who repaired it need not wait out open-seconds).
     */
    public void reset(String backend) {
        breakers.find(backend).ifPresent(CircuitBreaker::reset);
    }

    /** Why the backend cannot take calls now, or null when it can. */
    public String unhealthyReason(String backend) {
        CircuitBreaker breaker = breakers.find(backend).orElse(null);
        if (breaker == null || breaker.getState() != CircuitBreaker.State.OPEN) {
            return null;
        }
        return backend + " is configured but its circuit breaker is open (failure rate "
                + Math.round(breaker.getMetrics().getFailureRate()) + "% of its last calls)";
    }

    private static boolean isBackendFailure(Throwable failure) {
        return failure instanceof CallFailure f && (f.kind() == FailureKind.UNAVAILABLE || f.kind() == FailureKind.TIMEOUT
                || f.kind() == FailureKind.VENDOR_FAILED);
    }
}
