package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWK;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The DNS records an operator publishes so that peer domains find this ANS and pin its signing
 * key (ANS-SYNC-1), as {@link PeerDiscovery} reads them: one SRV record for the API's host and
 * port, one TXT record per published key and, with {@link #withGateway}, one TXT record per CA
 * certificate naming the domain's gateway (ANS-SYNC-3). Immutable.
 *
 * <pre>{@code
 * DnsAnnouncement a = DnsAnnouncement.of(Domain.of("ops.example.net"), URI.create("https://ans.ops.example.net:8443"),
 *         signer.publicJwks().getKeys(), null);
 * a.zoneLines().forEach(System.out::println);
 * }</pre>
 *
 * @param domain the domain announced
 * @param host the API's host name (the SRV target)
 * @param port the API's port
 * @param proto {@code https} or {@code http}
 * @param txt the TXT record texts, one per key ({@code v=acf1; proto=...; kid=...; fp=...}) and one per
 *     gateway CA certificate ({@code v=acf1; gw=<base>,<ans name>; ca=<fingerprint>})
 */
public record DnsAnnouncement(Domain domain, String host, int port, String proto, List<String> txt) {
    /** Copies the TXT texts. */
    public DnsAnnouncement {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(proto, "proto");
        txt = List.copyOf(txt);
    }

    /**
     * Returns the announcement of an ANS reachable at {@code api} signing with {@code keys}.
     *
     * @param jwksUrl where peers fetch the keys, or {@code null} for the API's {@code /.well-known/ans}
     */
    public static DnsAnnouncement of(Domain domain, URI api, List<JWK> keys, @Nullable URI jwksUrl) {
        String proto = "http".equalsIgnoreCase(api.getScheme()) ? "http" : "https";
        int port = api.getPort() > 0 ? api.getPort() : proto.equals("http") ? 80 : 443;
        List<String> txt = new ArrayList<>();
        for (JWK key : keys) {
            txt.add("v=" + PeerDiscovery.VERSION + "; proto=" + proto + (jwksUrl == null ? "" : "; jwks=" + jwksUrl)
                    + "; kid=" + key.getKeyID() + "; fp=" + KeyFingerprint.of(key));
        }
        return new DnsAnnouncement(domain, Objects.requireNonNull(api.getHost(), "api host"), port, proto, txt);
    }

    /**
     * Returns this announcement plus the domain's gateway (ANS-SYNC-3): one TXT record per CA
     * certificate, {@code v=acf1; gw=<base>,<gateway ANS name>; ca=<SHA-256 of the certificate's
     * SPKI>}, each short enough for one TXT string. Peers call the domain's agents through
     * {@code base} and trust the pinned CA certificates for names of this domain only.
     */
    public DnsAnnouncement withGateway(URI base, AgentName gateway, List<X509Certificate> ca) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(gateway, "gateway");
        if (ca.isEmpty()) {
            throw new IllegalArgumentException("announcing a gateway needs the domain's CA certificates");
        }
        List<String> texts = new ArrayList<>(txt);
        for (X509Certificate c : ca) {
            texts.add("v=" + PeerDiscovery.VERSION + "; gw=" + base + "," + gateway + "; ca=" + KeyFingerprint.of(c.getPublicKey()));
        }
        return new DnsAnnouncement(domain, host, port, proto, texts);
    }

    /** Returns the records in zone-file syntax (priority 10, weight 0, TTL 300). */
    public List<String> zoneLines() {
        String owner = PeerDiscovery.serviceName(domain) + ".";
        List<String> lines = new ArrayList<>();
        lines.add(owner + " 300 IN SRV 10 0 " + port + " " + host + ".");
        for (String text : txt) {
            lines.add(owner + " 300 IN TXT \"" + text + "\"");
        }
        return lines;
    }

    /**
     * Returns the same records as {@code dnsmasq} arguments, for a test or a lab DNS server: one
     * argument each, as a process is started with them (a shell needs them quoted).
     */
    public List<String> dnsmasqOptions() {
        String owner = PeerDiscovery.serviceName(domain);
        List<String> options = new ArrayList<>();
        options.add("--srv-host=" + owner + "," + host + "," + port + ",10,0");
        for (String text : txt) {
            options.add("--txt-record=" + owner + "," + text);
        }
        return options;
    }
}
