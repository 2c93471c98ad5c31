package io.automators.connectors.failures;

/**
 * The vendor answered, but refused the call in its body (Slack's {@code "ok": false}). Connector
 * routes throw it with {@code throwException}.
 */
public class VendorRejectedException extends CallFailure {

    public VendorRejectedException(String message) {
        super(FailureKind.VENDOR_REJECTED, null, message, null, null);
    }
}
