package dev.acf.ans.sync;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.PeerGateway;
import dev.acf.api.sync.SrvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a peer domain's ANS through DNS and pins its signing key (ANS-SYNC-1). A domain
 * publishes (see {@link DnsAnnouncement}):
 * <pre>
 * _ans._tcp.ops.example.net. SRV 10 0 8443 ans.ops.example.net.
 * _ans._tcp.ops.example.net. TXT "v=acf1; proto=https; kid=&lt;key id&gt;; fp=&lt;sha-256 of the key's SPKI&gt;"
 * </pre>
 * Discovery takes the SRV record of lowest priority (highest weight among equals) as the API's
 * host and port, fetches the JWKS from the TXT's {@code jwks=} URL or the API's
 * {@code /.well-known/ans}, and keeps only the keys whose {@link KeyFingerprint} equals a TXT
 * {@code fp} (and whose {@code kid} equals that TXT's {@code kid}, when given). Several TXT
 * records pin several keys, for a rotation. {@code proto} is {@code https} unless it says
 * {@code http}. {@link #discoverGateway} reads the domain's gateway and pinned CA certificates
 * from TXT records {@code v=acf1; gw=<base>,<ans name>; ca=<fingerprint>} (ANS-SYNC-3).
 *
 * <p>Thread-safe; blocks on DNS and HTTP, so never call it on an event loop.
 *
 * <pre>{@code
 * PeerEndpoint b = new PeerDiscovery(DnsjavaLookup.system()).discover(Domain.of("b.example.net"));
 * }</pre>
 */
public final class PeerDiscovery {
    /** The TXT protocol tag this version understands. */
    public static final String VERSION = "acf1";
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final DnsLookup dns;
    private final HttpClient http;

    /** Creates a discovery over a DNS lookup. */
    public PeerDiscovery(DnsLookup dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Returns the DNS name a domain's ANS is announced under: {@code _ans._tcp.<domain>}. */
    public static String serviceName(Domain domain) {
        return "_ans._tcp." + domain.name();
    }

    /**
     * Discovers a domain's ANS and its pinned keys.
     *
     * @throws NotFoundException ({@code not_found}) when the domain announces no ANS (no SRV or no {@code v=acf1} TXT with {@code fp})
     * @throws PeerKeyMismatchException when no published key matches the pinned fingerprint
     * @throws UnavailableException when DNS or the peer's JWKS cannot be reached
     */
    public PeerEndpoint discover(Domain domain) {
        String name = serviceName(domain);
        List<SrvRecord> srv = dns.srv(name);
        if (srv.isEmpty()) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "domain " + domain + " announces no ANS: no SRV record at " + name);
        }
        List<Map<String, String>> pins = new ArrayList<>();
        for (String txt : dns.txt(name)) {
            Map<String, String> params = parseTxt(txt);
            if (VERSION.equals(params.get("v")) && params.containsKey("fp")) {
                pins.add(params);
            }
        }
        if (pins.isEmpty()) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "domain " + domain + " pins no ANS key: no TXT \"v=" + VERSION + "; fp=...\" at " + name);
        }
        SrvRecord best = srv.getFirst();
        String proto = "http".equalsIgnoreCase(pins.getFirst().get("proto")) ? "http" : "https";
        String host = best.target().contains(":") ? "[" + best.target() + "]" : best.target();
        URI ans = URI.create(proto + "://" + host + ":" + best.port());
        String jwksUrl = pins.getFirst().get("jwks");
        JWKSet published = jwksUrl != null ? fetchJwks(URI.create(jwksUrl)) : fetchJwks(ans.resolve("/.well-known/ans"));
        List<JWK> pinned = new ArrayList<>();
        for (JWK key : published.getKeys()) {
            for (Map<String, String> pin : pins) {
                String kid = pin.get("kid");
                if ((kid == null || kid.equals(key.getKeyID())) && KeyFingerprint.matches(pin.get("fp"), key)) {
                    pinned.add(key.toPublicJWK());
                    break;
                }
            }
        }
        if (pinned.isEmpty()) {
            throw new PeerKeyMismatchException("the ANS of " + domain + " at " + ans + " publishes keys " + published.getKeys().stream()
                    .map(k -> k.getKeyID() + "=" + KeyFingerprint.of(k)).toList() + " but DNS pins "
                    + pins.stream().map(p -> p.get("fp")).toList() + ": refusing this peer");
        }
        return new PeerEndpoint(domain, ans, new JWKSet(pinned), pins.getFirst());
    }

    /**
     * Discovers the gateway a peer domain announces (ANS-SYNC-3): the {@code gw} of its TXT
     * records, and the CA certificates of its ANS ({@code GET /v1/ca/chain}) whose SPKI
     * fingerprint a TXT {@code ca} pins. Empty when the domain announces no gateway.
     *
     * @param peer the peer's ANS, as {@link #discover} found it
     * @throws PeerKeyMismatchException when no CA certificate the peer serves matches a pin, or none is pinned
     * @throws UnavailableException when DNS or the peer's CA chain cannot be reached
     */
    public Optional<PeerGateway> discoverGateway(PeerEndpoint peer) {
        String gw = null;
        List<String> caPins = new ArrayList<>();
        for (String txt : dns.txt(serviceName(peer.domain()))) {
            Map<String, String> params = parseTxt(txt);
            if (!VERSION.equals(params.get("v"))) {
                continue;
            }
            if (gw == null && params.containsKey("gw")) {
                gw = params.get("gw");
            }
            if (params.containsKey("ca")) {
                caPins.add(params.get("ca").replace(":", "").toLowerCase(Locale.ROOT));
            }
        }
        if (gw == null) {
            return Optional.empty();
        }
        int comma = gw.indexOf(',');
        if (comma < 0 || !AgentName.isValid(gw.substring(comma + 1).trim())) {
            throw new PeerKeyMismatchException("domain " + peer.domain() + " announces gateway '" + gw
                    + "', not '<base>,<ans name>': refusing its gateway");
        }
        URI base;
        try {
            base = URI.create(gw.substring(0, comma).trim());
        } catch (IllegalArgumentException e) {
            throw new PeerKeyMismatchException("domain " + peer.domain() + " announces a gateway base that is no URI: " + gw);
        }
        AgentName name = AgentName.parse(gw.substring(comma + 1).trim());
        List<X509Certificate> pinned = new ArrayList<>();
        List<X509Certificate> served = fetchCaChain(peer.ans().resolve("/v1/ca/chain"));
        for (X509Certificate c : served) {
            if (caPins.contains(KeyFingerprint.of(c.getPublicKey()))) {
                pinned.add(c);
            }
        }
        if (pinned.isEmpty()) {
            throw new PeerKeyMismatchException("the ANS of " + peer.domain() + " serves CA certificates "
                    + served.stream().map(c -> KeyFingerprint.of(c.getPublicKey())).toList() + " but DNS pins " + caPins
                    + ": refusing its gateway");
        }
        try {
            return Optional.of(new PeerGateway(peer.domain(), base, name, pinned));
        } catch (dev.acf.api.error.ValidationException e) {
            throw new PeerKeyMismatchException("domain " + peer.domain() + " announces an unusable gateway: " + e.getMessage());
        }
    }

    private List<X509Certificate> fetchCaChain(URI uri) {
        byte[] body = fetch(uri, "CA chain");
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(body))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new PeerKeyMismatchException("the peer's CA chain at " + uri + " is not PEM certificates: " + e.getMessage());
        }
    }

    /** Parses {@code "k=v; k2=v2"}: keys lower case, values trimmed; parts without {@code =} are ignored. */
    static Map<String, String> parseTxt(String txt) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : txt.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private byte[] fetch(URI uri, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot fetch the peer's " + what + " from " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while fetching " + uri);
        }
        if (response.statusCode() != 200 || response.body().length > MAX_JWKS_BYTES) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "the peer's " + what + " at " + uri + " answered HTTP "
                    + response.statusCode() + " with " + response.body().length + " bytes");
        }
        return response.body();
    }

    private JWKSet fetchJwks(URI uri) {
        byte[] body = fetch(uri, "keys");
        try {
            var tree = AcfJson.readTree(body);
            // /.well-known/ans carries {"domain":..., "keys":[...]}: the same shape as a JWKS for its keys.
            return JWKSet.parse(AcfJson.writeString(Map.of("keys", tree.path("keys"))));
        } catch (ParseException | RuntimeException e) {
            throw new PeerKeyMismatchException("the peer's keys at " + uri + " are not a JWKS: " + e.getMessage());
        }
    }
}
