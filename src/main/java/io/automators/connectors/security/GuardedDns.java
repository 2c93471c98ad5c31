package io.automators.connectors.security;

import java.net.InetAddress;
import org.apache.hc.client5.http.DnsResolver;

/**
 * A DNS for HTTP clients that reach tenant-named hosts (the declarative and openapi families, a custom
 * connector's OpenAPI URL): every name the client connects to is resolved by the host guard, and the one address the guard accepted is the one connected to. A name that resolved to a public
 * address when the call was checked cannot resolve to an internal one for the connect (DNS rebinding).
 */
public final class GuardedDns implements DnsResolver {

    private final HostGuard guard;

    public GuardedDns(HostGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) {
        return new InetAddress[] {guard.check(host, 0)};
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
