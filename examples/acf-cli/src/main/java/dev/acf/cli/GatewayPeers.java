package dev.acf.cli;

import dev.acf.ans.sync.DnsjavaLookup;
import dev.acf.ans.sync.PeerDiscovery;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.PeerGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The {@code --peer} values of {@code acf gateway} (ANS-SYNC-3), as the gateways of federated
 * peer domains: {@code DOMAIN} alone is discovered through DNS (the gateway and CA pins its
 * {@code _ans._tcp} TXT records announce, the CA certificates fetched from its ANS), and
 * {@code DOMAIN=GATEWAY-URL,GATEWAY-NAME,CA-PEM} is taken as given. Blocks on DNS and HTTP at
 * start-up; not thread-safe.
 */
final class GatewayPeers {
    private final CommandLine cmd;
    private final Supplier<DnsLookup> dns;
    private PeerDiscovery discovery;

    /** @param dnsServer the DNS server of discovery, or null for the system's resolver */
    GatewayPeers(CommandLine cmd, InetSocketAddress dnsServer) {
        this.cmd = cmd;
        this.dns = () -> dnsServer != null ? DnsjavaLookup.of(dnsServer) : DnsjavaLookup.system();
    }

    /**
     * Returns the peer gateways of the {@code --peer} values, in order.
     *
     * @throws CommandLine.ParameterException naming {@code --peer} for a bad value, or a peer that announces no usable gateway
     * @throws UnavailableException when DNS or a peer's ANS cannot be reached
     */
    List<PeerGateway> resolve(List<String> values) {
        List<PeerGateway> out = new ArrayList<>();
        Set<Domain> seen = new HashSet<>();
        for (String value : values) {
            PeerGateway peer = value.contains("=") ? explicit(value) : discover(value);
            if (!seen.add(peer.domain())) {
                throw new CommandLine.ParameterException(cmd, "--peer " + peer.domain() + " is given twice");
            }
            out.add(peer);
        }
        return out;
    }

    private PeerGateway explicit(String value) {
        int eq = value.indexOf('=');
        String[] parts = value.substring(eq + 1).split(",", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw usage(value, "write DOMAIN alone (discovered through DNS) or DOMAIN=GATEWAY-URL,GATEWAY-NAME,CA-PEM, e.g."
                    + " a.example.net=https://gw.a.example.net:8443,ans://v1.0.0.gateway.a.example.net,/etc/acf/a-ca.pem");
        }
        Domain domain = domain(value, value.substring(0, eq));
        URI base;
        try {
            base = new URI(parts[0].trim());
        } catch (java.net.URISyntaxException e) {
            throw usage(value, "the gateway URL '" + parts[0].trim() + "' is no URI: " + e.getMessage());
        }
        if (!AgentName.isValid(parts[1].trim())) {
            throw usage(value, "the gateway name must be an ANS name such as ans://v1.0.0.gateway." + domain + ", was '" + parts[1].trim() + "'");
        }
        try {
            return new PeerGateway(domain, base, AgentName.parse(parts[1].trim()), certificates(value, Path.of(parts[2].trim())));
        } catch (AcfException e) {
            throw usage(value, e.getMessage());
        }
    }

    private PeerGateway discover(String value) {
        Domain domain = domain(value, value);
        if (discovery == null) {
            discovery = new PeerDiscovery(dns.get());
        }
        try {
            return discovery.discoverGateway(discovery.discover(domain)).orElseThrow(() -> usage(value,
                    "domain " + domain + " announces no gateway in DNS (a TXT \"v=acf1; gw=...; ca=...\" at " + PeerDiscovery.serviceName(domain)
                            + "): publish one with acf ans --print-dns --gateway-url --gateway-name, or give it as DOMAIN=GATEWAY-URL,GATEWAY-NAME,CA-PEM"));
        } catch (UnavailableException e) {
            throw new UnavailableException(e.code(), "--peer " + value + ": " + e.getMessage(), e);
        } catch (AcfException e) { // no announcement, or keys or CA certificates that do not match its pins
            throw usage(value, e.getMessage());
        }
    }

    private List<X509Certificate> certificates(String value, Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw usage(value, pem + " holds no PEM certificate");
            }
            return out;
        } catch (IOException | CertificateException e) {
            throw usage(value, "cannot read the peer's CA certificates from " + pem + ": " + e.getMessage());
        }
    }

    private Domain domain(String value, String text) {
        try {
            return Domain.of(text.trim());
        } catch (AcfException | IllegalArgumentException e) {
            throw usage(value, "'" + text.trim() + "' is no domain name: " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String value, String message) {
        return new CommandLine.ParameterException(cmd, "--peer " + value + ": " + message);
    }
}
