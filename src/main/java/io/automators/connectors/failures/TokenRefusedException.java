package io.automators.connectors.failures;

/**
 * The vendor refused the access token in its body rather than with a 401 (Slack's {@code "ok": false}
 * with {@code invalid_auth} or {@code token_expired}). An OAuth provider route treats it as a 401: one
 * refresh, one more try. A stored token it refuses is the workspace's to replace (a 502 naming it).
 */
public class TokenRefusedException extends VendorRejectedException {

    public TokenRefusedException(String message) {
        super(message);
    }
}
