package dev.acf.cli;

import dev.acf.ans.sync.PeerDiscovery;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.SrvRecord;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The DNS that {@code acf ans} discovers peers with when some peers are pinned on the command
 * line ({@code --peer DOMAIN=ANS-URL --pin FP}): a pinned peer's name answers what its domain
 * would publish (an SRV record for the URL's host and port, one TXT record per pin, the keys at
 * the URL's {@code /.well-known/ans}), every other name goes to the real DNS server. The
 * importer thus fetches a pinned peer's keys and keeps those matching a pin exactly as it does
 * for a peer announced in DNS, and does so when the peer answers, whichever ANS starts first.
 *
 * <p>Thread-safe; the real DNS client is created on first use, so a host without a configured
 * resolver can still federate with pinned peers only.
 */
final class PinnedPeerDns implements DnsLookup {
    private final Map<String, List<SrvRecord>> srv = new HashMap<>();
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Supplier<DnsLookup> upstream;
    private DnsLookup dns;

    /**
     * @param pins the pinned peers: their ANS base URL and the key fingerprints pinned for them
     * @param upstream creates the DNS client asked for every other name
     */
    PinnedPeerDns(Map<Domain, Map.Entry<URI, List<String>>> pins, Supplier<DnsLookup> upstream) {
        this.upstream = upstream;
        pins.forEach((domain, pin) -> {
            URI ans = pin.getKey();
            String proto = "http".equalsIgnoreCase(ans.getScheme()) ? "http" : "https";
            int port = ans.getPort() > 0 ? ans.getPort() : proto.equals("http") ? 80 : 443;
            String name = key(PeerDiscovery.serviceName(domain));
            String host = ans.getHost().startsWith("[") ? ans.getHost().substring(1, ans.getHost().length() - 1) : ans.getHost();
            srv.put(name, List.of(new SrvRecord(0, 0, port, host)));
            String jwks = ans.resolve("/.well-known/ans").toString();
            txt.put(name, pin.getValue().stream()
                    .map(fp -> "v=" + PeerDiscovery.VERSION + "; proto=" + proto + "; jwks=" + jwks + "; fp=" + fp).toList());
        });
    }

    @Override
    public List<SrvRecord> srv(String name) {
        List<SrvRecord> pinned = srv.get(key(name));
        return pinned != null ? pinned : upstream().srv(name);
    }

    @Override
    public List<String> txt(String name) {
        List<String> pinned = txt.get(key(name));
        return pinned != null ? pinned : upstream().txt(name);
    }

    private synchronized DnsLookup upstream() {
        if (dns == null) {
            dns = upstream.get();
        }
        return dns;
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return "PinnedPeerDns" + srv.keySet();
    }
}
