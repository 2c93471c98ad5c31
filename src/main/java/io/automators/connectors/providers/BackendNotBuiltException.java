package io.automators.connectors.providers;

/**
 * A waterfall backend is configured but the runtime cannot execute through it yet. Answered as 501
 * with the backend's name, so a deployer who configured it learns it plainly instead of a silent fallback.
 */
public class BackendNotBuiltException extends RuntimeException {

    public BackendNotBuiltException(String message) {
        super(message);
    }
}
