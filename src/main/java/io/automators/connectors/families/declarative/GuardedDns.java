package io.automators.connectors.families.declarative;

import io.automators.connectors.security.HostGuard;
import java.net.InetAddress;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The declarative family's DNS: every name its HTTP client connects to is resolved by the host guard,
 * and the one address the guard accepted is the one connected to. A name that resolved to a public
 * address when the call was checked cannot resolve to an internal one for the connect (DNS rebinding).
 */
final class GuardedDns implements DnsResolver {

    private final HostGuard guard;

    GuardedDns(HostGuard guard) {
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
