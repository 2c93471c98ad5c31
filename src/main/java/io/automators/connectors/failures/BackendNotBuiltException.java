package io.automators.connectors.failures;

/**
 * A waterfall backend is configured but the runtime cannot execute through it yet: a deployer who
 * configured it learns it plainly instead of meeting a silent fallback.
 */
public class BackendNotBuiltException extends CallFailure {

    public BackendNotBuiltException(String message) {
        super(FailureKind.BACKEND_NOT_BUILT, null, message, null, null);
    }
}
