package io.automators.connectors.failures;

/**
 * What kind of failure a call met, in the call's own terms. Only an edge turns a kind into its
 * protocol's answer (the HTTP edge: a status code and a problem+json {@code type}).
 */
public enum FailureKind {

    /** The caller's input is wrong; the details may name the failing paths ({@code errors}). */
    INVALID_INPUT("invalid-input", "Invalid input"),
    /** The connector, action, connection or resource does not exist. */
    NOT_FOUND("not-found", "Not found"),
    /** The caller may not use it (another workspace's connection, an internal host). */
    FORBIDDEN("forbidden", "Forbidden"),
    /** The call conflicts with the workspace's state (a duplicate name, a missing connection). */
    CONFLICT("conflict", "Conflict"),
    /**
     * The call's connection must be connected again (a refresh failed, the grant was revoked); the
     * details name the {@code connector} and {@code connectionId}.
     */
    RECONNECT_NEEDED("reconnect-needed", "Connection needs reconnecting"),
    /** No waterfall rule can run the call; the details carry the {@code decision}. */
    UNROUTABLE("unroutable", "No route"),
    /**
     * The runtime cannot execute the call as configured: a connector's action names a route that is
     * not loaded (every waterfall backend executes; the slug is kept for clients that know it).
     */
    BACKEND_NOT_BUILT("backend-not-built", "Backend not built"),
    /**
     * The vendor refused the call as the caller made it (its 4xx, or Slack's {@code "ok": false}): the
     * details carry the vendor's {@code vendorStatus}, {@code vendorCode} and {@code vendorMessage}, and
     * an edge answers the same class of failure (HTTP: the vendor's 4xx).
     */
    VENDOR_REFUSED("vendor-refused", "Refused by the vendor"),
    /** The vendor answered something that is not its API's answer (an HTTP 200 that is not its JSON). */
    VENDOR_REJECTED("vendor-rejected", "Downstream rejected the call"),
    /** The vendor or database answered with a failure. */
    VENDOR_FAILED("vendor-failed", "Downstream failed"),
    /** The vendor is rate-limiting calls; the details may carry {@code retryAfter}. */
    RATE_LIMITED("rate-limited", "Rate limited"),
    /**
     * The workspace spent its plan's quota of a shared resource (rule 3's shared keys); the details carry
     * {@code retryAfter} (until the quota's window resets), {@code quota}, {@code plan} and {@code resetsAt}.
     */
    QUOTA_SPENT("quota-spent", "Quota spent"),
    /** The vendor or database refused the connection or cannot be reached. */
    UNAVAILABLE("unavailable", "Downstream unavailable"),
    /** The vendor or database did not answer in time. */
    TIMEOUT("timeout", "Downstream timed out"),
    /** The runtime itself failed; nothing about it is told to the caller. */
    INTERNAL("internal", "Internal error");

    /** Problem types are {@code <this><slug>}, whichever edge answers them; docs/api.md lists them. */
    public static final String PROBLEM_TYPE_BASE = "https://automators.io/problems/";

    private final String slug;
    private final String title;

    FailureKind(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    /** A stable, lower-case name for the kind (the last segment of a problem type). */
    public String slug() { return slug; }

    /** The kind's problem type: {@link #PROBLEM_TYPE_BASE} and its slug. */
    public String problemType() { return PROBLEM_TYPE_BASE + slug; }

    /** The kind's default title. */
    public String title() { return title; }
}
