package dev.acf.ans.ca;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;

/**
 * The IP addresses a CA certifies as iPAddress SANs, and rule {@code san-ip} of {@link CsrRules}.
 * Addresses compare by their exact octets: an IPv4 address and its IPv4-mapped IPv6 form differ.
 * Immutable.
 */
final class IpAddressSans {
    static final IpAddressSans NONE = new IpAddressSans(List.of());

    private final List<InetAddress> allowed;

    private IpAddressSans(List<InetAddress> allowed) {
        this.allowed = allowed;
    }

    /** Returns the policy allowing these addresses, kept without host names or scopes, each once. */
    static IpAddressSans allowing(Collection<? extends InetAddress> addresses) {
        List<InetAddress> plain = new ArrayList<>();
        for (InetAddress address : Objects.requireNonNull(addresses, "addresses")) {
            InetAddress p = plain(Objects.requireNonNull(address, "allowed IP address").getAddress());
            if (!plain.contains(p)) {
                plain.add(p);
            }
        }
        return plain.isEmpty() ? NONE : new IpAddressSans(List.copyOf(plain));
    }

    List<InetAddress> addresses() {
        return allowed;
    }

    /** Returns why the SANs name an IP address that is not allowed, or null when they do not. */
    @Nullable String failure(List<GeneralName> sans) {
        for (GeneralName san : sans) {
            if (san.getTagNo() != GeneralName.iPAddress) {
                continue;
            }
            byte[] octets = octets(san);
            if (octets.length != 4 && octets.length != 16) {
                return "SAN IP address of " + octets.length + " octets; an address has 4 (IPv4) or 16 (IPv6)";
            }
            if (find(octets) == null) {
                return "SAN IP address " + plain(octets).getHostAddress() + " is not allowed by this CA, which certifies "
                        + (allowed.isEmpty() ? "no IP address" : "only " + allowed.stream().map(InetAddress::getHostAddress).toList())
                        + "; leave it out of the request, or have the ANS operator allow it"
                        + " (AnsServer.Builder.allowIpAddressSans, CA setting 'ipAddressSans')";
            }
        }
        return null;
    }

    /** Returns the allowed addresses the SANs name, each once, in their order. */
    List<InetAddress> granted(List<GeneralName> sans) {
        List<InetAddress> granted = new ArrayList<>();
        for (GeneralName san : sans) {
            if (san.getTagNo() == GeneralName.iPAddress) {
                InetAddress address = find(octets(san));
                if (address != null && !granted.contains(address)) {
                    granted.add(address);
                }
            }
        }
        return List.copyOf(granted);
    }

    private @Nullable InetAddress find(byte[] octets) {
        for (InetAddress address : allowed) {
            if (Arrays.equals(address.getAddress(), octets)) {
                return address;
            }
        }
        return null;
    }

    private static byte[] octets(GeneralName san) {
        return ASN1OctetString.getInstance(san.getName()).getOctets();
    }

    /** An address without host name or scope; 16 octets stay IPv6 (the JDK would turn an IPv4-mapped one into IPv4). */
    private static InetAddress plain(byte[] octets) {
        try {
            return octets.length == 16 ? Inet6Address.getByAddress(null, octets, -1) : InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets, not " + octets.length, e);
        }
    }
}
