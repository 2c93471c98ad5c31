package io.automators.connectors.providers;

/** Rule 12: no waterfall rule could take the call. Answered as 422 with the decision. */
public class NoRouteException extends RuntimeException {

    public NoRouteException(String message) {
        super(message);
    }
}
