package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWK;
import dev.acf.api.name.Domain;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The DNS records an operator publishes so that peer domains find this ANS and pin its signing
 * key (ANS-SYNC-1), as {@link PeerDiscovery} reads them: one SRV record for the API's host and
 * port, and one TXT record per published key. Immutable.
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
 * @param txt the TXT record texts, one per key: {@code v=acf1; proto=...; kid=...; fp=...}
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
