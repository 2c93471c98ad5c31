package io.automators.connectors.security;

import io.automators.connectors.failures.CallFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Checks a tenant-supplied host after DNS resolution, so that a connection can never reach the
 * runtime's own machine, its private network or a cloud metadata service unless an operator
 * allow-listed it ({@code automators.security.allowed-hosts}). Callers connect to the returned
 * address, not to the name, so a second DNS answer cannot swap it (DNS rebinding).
 */
@Component
public class HostGuard {

    private final SecurityProperties properties;

    public HostGuard(SecurityProperties properties) {
        this.properties = properties;
    }

    /** Resolves {@code host} and returns the address to connect to, or throws a 403 problem. Port 0: not known yet. */
    public InetAddress check(String host, int port) {
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.\\-:\\[\\]]{1,253}")) {
            throw CallFailure.invalidInput("host must be a DNS name or an IP address");
        }
        if (port < 0 || port > 65535) {
            throw CallFailure.invalidInput("port must be between 1 and 65535");
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw CallFailure.invalidInput("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isAllowListed(name, address, port) && isInternal(address)) {
                throw CallFailure.forbidden("Host not allowed",
                        "host " + host + " resolves to an internal or metadata address ("
                                + address.getHostAddress() + "); an operator can allow it with automators.security.allowed-hosts");
            }
        }
        return addresses[0];
    }

    private boolean isAllowListed(String name, InetAddress address, int port) {
        List<String> allowed = properties.getAllowedHosts();
        for (String entry : allowed) {
            String candidate = entry.trim().toLowerCase(Locale.ROOT);
            if (candidate.isEmpty()) {
                continue;
            }
            String hostPart = candidate;
            int entryPort = -1;
            int colon = candidate.lastIndexOf(':');
            if (colon > 0 && candidate.indexOf(':') == colon) {
                hostPart = candidate.substring(0, colon);
                entryPort = Integer.parseInt(candidate.substring(colon + 1));
            }
            if (entryPort != -1 && entryPort != port) {
                continue;
            }
            if (hostPart.equals(name.toLowerCase(Locale.ROOT)) || hostPart.equals(address.getHostAddress())) {
                return true;
            }
        }
        return false;
    }

    /** Loopback, link-local (metadata), private, carrier-grade NAT, unique-local, wildcard and multicast. */
    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // 100.64/10 (also Alibaba metadata)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)         // 192.0.0/24 IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19))             // benchmarking 198.18/15
                    || first >= 240;                                                // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique-local (AWS fd00:ec2::254)
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
