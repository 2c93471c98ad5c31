package io.automators.connectors.failures;

/** Rule 12: no waterfall rule could take the call (thrown by the fallback route). */
public class NoRouteException extends CallFailure {

    public NoRouteException(String message) {
        super(FailureKind.UNROUTABLE, null, message, null, null);
    }
}
