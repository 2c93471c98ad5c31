package io.automators.connectors.providers;

/** The vendor answered, but refused the call in its body (Slack's {@code "ok": false}). Answered as 502. */
public class VendorRejectedException extends RuntimeException {

    public VendorRejectedException(String message) {
        super(message);
    }
}
