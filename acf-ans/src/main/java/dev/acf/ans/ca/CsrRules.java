package dev.acf.ans.ca;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.jspecify.annotations.Nullable;

/**
 * The rules a PKCS#10 certification request must pass before a CA certifies it (ANS-REG-1),
 * checked in the order of {@link Rule}, stopping at the first failure. A failure is a
 * {@link TrustException} with code {@code invalid_csr} (HTTP 400), or for {@link Rule#DOMAIN}
 * a {@link PolicyException} with code {@code policy_refused} (422); its message starts with
 * {@code "rule <id>: "} and gives the precise reason, e.g.
 * {@code rule key-size: RSA key of 1024 bits, at least 2048 required}.
 *
 * <p>An IP address may appear as an iPAddress SAN only when the CA's operator allowed that exact
 * address (none by default): so that a client reaching a service at, say, {@code 127.0.0.1} can
 * verify it by address, while agents keep verifying each other by the ANS name.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * CsrRules rules = new CsrRules(Domain.of("ops.example.net"));
 * rules.check(csrDer, AgentName.parse("ans://v1.0.0.rca.ops.example.net")); // throws when a rule fails
 * CsrRules local = new CsrRules(Domain.of("ops.example.net"), List.of(InetAddress.getLoopbackAddress()));
 * }</pre>
 */
public final class CsrRules {
    /** The largest request accepted, to bound the work hostile input can cause. */
    public static final int MAX_CSR_BYTES = 16 * 1024;

    /** One check, with its stable id (used in error messages and documentation). */
    public enum Rule {
        /** A DER-encoded PKCS#10 v1 request of at most {@value CsrRules#MAX_CSR_BYTES} bytes, nothing after it. */
        PARSE("parse"),
        /** The key is EC on P-256 or P-384, Ed25519, or RSA. */
        KEY_TYPE("key-type"),
        /** RSA keys have 2048 to 4096 bits. */
        KEY_SIZE("key-size"),
        /** RSA keys have the public exponent 65537. */
        RSA_EXPONENT("rsa-exponent"),
        /** The request is signed with SHA-256 or stronger (ECDSA, RSA PKCS#1 v1.5) or Ed25519; never MD5 or SHA-1. */
        SIGNATURE_ALGORITHM("signature-algorithm"),
        /** The signature verifies with the request's own key: proof of possession. */
        SIGNATURE("signature"),
        /** Subject alternative names are only URIs, DNS names and IP addresses. */
        SAN_TYPES("san-types"),
        /** The one SAN URI (or, without one, the subject CN) is the requested ANS name; a subject CN is the name or the FQDN. */
        NAME("name"),
        /** Every SAN DNS name is the agent's FQDN. */
        SAN_DNS("san-dns"),
        /** Every SAN IP address is one the CA's operator allowed; none is by default. */
        SAN_IP("san-ip"),
        /** The requested name lies in the CA's domain (a policy refusal, not a malformed request). */
        DOMAIN("domain");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** Returns the stable id, such as {@code key-size}. */
        public String id() {
            return id;
        }
    }

    /** A check returns why the request fails, or null when it passes. */
    @FunctionalInterface
    private interface Check {
        @Nullable String failure(Candidate c);
    }

    /** A parsed request under check. */
    record Candidate(PKCS10CertificationRequest request, AgentName name, Domain domain, List<GeneralName> sans,
            IpAddressSans ipAddressSans) {
        SubjectPublicKeyInfo key() {
            return request.getSubjectPublicKeyInfo();
        }

        boolean isRsa() {
            return key().getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
        }

        /** Returns the allowed IP addresses the request names, each once, in request order (after the checks passed). */
        List<InetAddress> ipAddresses() {
            return ipAddressSans.granted(sans);
        }
    }

    private static final Set<ASN1ObjectIdentifier> STRONG_SIGNATURES = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512, EdECObjectIdentifiers.id_Ed25519);
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_CURVES = Set.of(X9ObjectIdentifiers.prime256v1,
            org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1);
    private static final BigInteger F4 = BigInteger.valueOf(65537);
    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private static final Map<Rule, Check> CHECKS = new EnumMap<>(Rule.class);

    static {
        CHECKS.put(Rule.KEY_TYPE, CsrRules::keyType);
        CHECKS.put(Rule.KEY_SIZE, c -> {
            if (!c.isRsa()) {
                return null;
            }
            int bits = rsa(c).getModulus().bitLength();
            return bits < 2048 ? "RSA key of " + bits + " bits, at least 2048 required"
                    : bits > 4096 ? "RSA key of " + bits + " bits, at most 4096 accepted" : null;
        });
        CHECKS.put(Rule.RSA_EXPONENT, c -> {
            BigInteger e = c.isRsa() ? rsa(c).getPublicExponent() : F4;
            return e.equals(F4) ? null : "RSA public exponent " + e + ", 65537 required";
        });
        CHECKS.put(Rule.SIGNATURE_ALGORITHM, CsrRules::signatureAlgorithm);
        CHECKS.put(Rule.SIGNATURE, CsrRules::signature);
        CHECKS.put(Rule.SAN_TYPES, c -> {
            for (GeneralName san : c.sans()) {
                int tag = san.getTagNo();
                if (tag != GeneralName.uniformResourceIdentifier && tag != GeneralName.dNSName && tag != GeneralName.iPAddress) {
                    return "a subject alternative name of type " + sanType(tag)
                            + " is not accepted; only the ANS name (URI), the agent FQDN (DNS) and IP addresses the CA allows";
                }
            }
            return null;
        });
        CHECKS.put(Rule.NAME, CsrRules::name);
        CHECKS.put(Rule.SAN_DNS, c -> {
            for (String dns : sans(c, GeneralName.dNSName)) {
                if (!dns.equalsIgnoreCase(c.name().fqdn())) {
                    return "SAN DNS name " + quote(dns) + " does not equal the agent FQDN '" + c.name().fqdn() + "'";
                }
            }
            return null;
        });
        CHECKS.put(Rule.SAN_IP, c -> c.ipAddressSans().failure(c.sans()));
        CHECKS.put(Rule.DOMAIN, c -> c.domain().contains(c.name()) ? null
                : "the name '" + c.name() + "' lies outside this CA's domain '" + c.domain() + "'");
    }

    private final Domain domain;
    private final IpAddressSans ipAddressSans;

    /** Creates the rules for a CA of this domain that certifies no IP address. */
    public CsrRules(Domain domain) {
        this(domain, List.of());
    }

    /**
     * Creates the rules for a CA of this domain that also certifies these exact IP addresses as
     * iPAddress SANs when a request names them (rule {@code san-ip}). An IPv4 address and its
     * IPv4-mapped IPv6 form are different addresses here.
     */
    public CsrRules(Domain domain, Collection<? extends InetAddress> allowedIpAddresses) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.ipAddressSans = IpAddressSans.allowing(allowedIpAddresses);
    }

    /** Returns the IP addresses this CA certifies when requested, without host names; empty by default. */
    public List<InetAddress> allowedIpAddresses() {
        return ipAddressSans.addresses();
    }

    /** Returns the rules in the order they are checked. */
    public static List<Rule> rules() {
        return List.of(Rule.values());
    }

    /**
     * Checks a request for a name against every rule.
     *
     * @throws TrustException with code {@code invalid_csr} naming the first rule that fails
     * @throws PolicyException with code {@code policy_refused} when the name lies outside the domain
     */
    public void check(byte[] csrDer, AgentName name) {
        accept(csrDer, name);
    }

    /** Checks the request and returns it parsed. */
    Candidate accept(byte[] csrDer, AgentName name) {
        Objects.requireNonNull(csrDer, "csrDer");
        Objects.requireNonNull(name, "name");
        Candidate candidate = parse(csrDer, name);
        for (Map.Entry<Rule, Check> rule : CHECKS.entrySet()) {
            String failure = rule.getValue().failure(candidate);
            if (failure != null) {
                throw failure(rule.getKey(), failure);
            }
        }
        return candidate;
    }

    private static RuntimeException failure(Rule rule, String reason) {
        String message = "rule " + rule.id() + ": " + reason;
        return rule == Rule.DOMAIN ? new PolicyException(ErrorCode.POLICY_REFUSED, message) : new TrustException(ErrorCode.INVALID_CSR, message);
    }

    private Candidate parse(byte[] der, AgentName name) {
        if (der.length == 0) {
            throw failure(Rule.PARSE, "the request is empty");
        }
        if (der.length > MAX_CSR_BYTES) {
            throw failure(Rule.PARSE, "the request has " + der.length + " bytes, at most " + MAX_CSR_BYTES + " are accepted");
        }
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw failure(Rule.PARSE, "the bytes are not a DER-encoded PKCS#10 certification request (" + e.getMessage() + ")");
        }
        BigInteger version = request.toASN1Structure().getCertificationRequestInfo().getVersion().getValue();
        if (version.signum() != 0) {
            throw failure(Rule.PARSE, "request version " + version + ", only v1 (0) exists");
        }
        Attribute[] extensionRequests = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        List<GeneralName> sans = new ArrayList<>();
        if (extensionRequests.length > 1) {
            throw failure(Rule.PARSE, "the request has " + extensionRequests.length + " extensionRequest attributes, at most one is allowed");
        }
        if (extensionRequests.length == 1) {
            try {
                ASN1Encodable[] values = extensionRequests[0].getAttributeValues();
                if (values.length != 1) {
                    throw new IllegalArgumentException(values.length + " values in the extensionRequest attribute");
                }
                GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(values[0]), Extension.subjectAlternativeName);
                if (names != null) {
                    sans.addAll(List.of(names.getNames()));
                }
            } catch (RuntimeException e) {
                throw failure(Rule.PARSE, "the requested extensions are malformed (" + e.getMessage() + ")");
            }
        }
        return new Candidate(request, name, domain, List.copyOf(sans), ipAddressSans);
    }

    private static @Nullable String keyType(Candidate c) {
        AlgorithmIdentifier algorithm = c.key().getAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            try {
                RSAPublicKey.getInstance(c.key().parsePublicKey());
                return null;
            } catch (IOException | RuntimeException e) {
                return "the RSA public key cannot be decoded (" + e.getMessage() + ")";
            }
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
                return "EC key without a named curve; P-256 or P-384 required";
            }
            if (ACCEPTED_CURVES.contains(curve)) {
                return null;
            }
            String curveName = ECNamedCurveTable.getName(curve);
            return "EC key on curve " + (curveName == null ? curve.getId() : curveName) + ", P-256 or P-384 required";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return null;
        }
        return "key algorithm " + NAMES.getAlgorithmName(oid) + " is not accepted; use EC P-256/P-384, Ed25519 or RSA 2048-4096";
    }

    private static RSAPublicKey rsa(Candidate c) {
        try {
            return RSAPublicKey.getInstance(c.key().parsePublicKey());
        } catch (IOException e) {
            throw new IllegalStateException("checked by key-type", e);
        }
    }

    private static @Nullable String signatureAlgorithm(Candidate c) {
        AlgorithmIdentifier algorithm = c.request().getSignatureAlgorithm();
        if (STRONG_SIGNATURES.contains(algorithm.getAlgorithm())) {
            return null;
        }
        String name = NAMES.getAlgorithmName(algorithm);
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        String broken = upper.startsWith("MD") ? "MD5" : upper.contains("SHA1") || upper.contains("SHA-1") ? "SHA-1" : null;
        if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.sha1WithRSAEncryption)
                || algorithm.getAlgorithm().equals(X9ObjectIdentifiers.ecdsa_with_SHA1)) {
            broken = "SHA-1";
        }
        return broken != null
                ? "signature algorithm " + name + " is based on " + broken + ", which is broken; sign with SHA-256 or stronger, or Ed25519"
                : "signature algorithm " + name + " is not accepted; sign with SHA-256/384/512 (ECDSA or RSA) or Ed25519";
    }

    private static @Nullable String signature(Candidate c) {
        try {
            if (c.request().isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(c.key()))) {
                return null;
            }
            return "the signature does not verify with the request's public key (no proof of possession)";
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return "the signature cannot be verified with the request's public key (" + e.getMessage() + ")";
        }
    }

    private static @Nullable String name(Candidate c) {
        String expected = c.name().toString();
        List<String> uris = sans(c, GeneralName.uniformResourceIdentifier);
        List<String> cns = new ArrayList<>();
        for (RDN rdn : c.request().getSubject().getRDNs(BCStyle.CN)) {
            cns.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        if (uris.size() > 1) {
            return "the request has " + uris.size() + " SAN URIs; exactly one, the ANS name '" + expected + "', is allowed";
        }
        if (cns.size() > 1) {
            return "the request's subject has " + cns.size() + " common names; at most one is allowed";
        }
        String cn = cns.isEmpty() ? null : cns.get(0);
        if (uris.size() == 1 && !uris.get(0).equalsIgnoreCase(expected)) {
            return "SAN URI " + quote(uris.get(0)) + " does not equal the requested name '" + expected + "'";
        }
        if (uris.isEmpty() && cn == null) {
            return "the request names no agent; it needs a SAN URI (or a subject CN) equal to '" + expected + "'";
        }
        if (uris.isEmpty() && !cn.equalsIgnoreCase(expected)) {
            return "subject CN " + quote(cn) + " does not equal the requested name '" + expected + "' and there is no SAN URI";
        }
        if (cn != null && !cn.equalsIgnoreCase(expected) && !cn.equalsIgnoreCase(c.name().fqdn())) {
            return "subject CN " + quote(cn) + " is neither the requested name '" + expected + "' nor the agent FQDN '" + c.name().fqdn() + "'";
        }
        return null;
    }

    private static List<String> sans(Candidate c, int tag) {
        List<String> values = new ArrayList<>();
        for (GeneralName san : c.sans()) {
            if (san.getTagNo() == tag) {
                values.add(san.getName().toString());
            }
        }
        return values;
    }

    private static String sanType(int tag) {
        return switch (tag) {
            case GeneralName.otherName -> "otherName";
            case GeneralName.rfc822Name -> "e-mail (rfc822Name)";
            case GeneralName.x400Address -> "x400Address";
            case GeneralName.directoryName -> "directoryName";
            case GeneralName.ediPartyName -> "ediPartyName";
            case GeneralName.iPAddress -> "IP address";
            case GeneralName.registeredID -> "registeredID";
            default -> "tag " + tag;
        };
    }

    /** Quotes text taken from the request, bounded and without control characters, for messages and logs. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < 120; i++) {
            char ch = text.charAt(i);
            out.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
        return out.append(text.length() > 120 ? "...'" : "'").toString();
    }
}
