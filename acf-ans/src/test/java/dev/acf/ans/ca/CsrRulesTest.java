package dev.acf.ans.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.PolicyException;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsrRulesTest {
    private static final Domain DOMAIN = Domain.of("ops.example.net");
    private static final AgentName NAME = AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net");
    private static final CsrRules RULES = new CsrRules(DOMAIN);

    private static GeneralName uri(String text) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, text);
    }

    private static GeneralName dns(String text) {
        return new GeneralName(GeneralName.dNSName, text);
    }

    private static GeneralName ip(String text) {
        return new GeneralName(GeneralName.iPAddress, text);
    }

    private static X500Name cn(String text) {
        return new X500Name("CN=" + text);
    }

    private static Arguments row(String label, Supplier<byte[]> csr, AgentName name, Class<? extends AcfException> type, ErrorCode code,
            String rule, String reason) {
        return Arguments.of(label, csr, name, type, code, rule, reason);
    }

    private static Arguments invalid(String label, Supplier<byte[]> csr, String rule, String reason) {
        return row(label, csr, NAME, TrustException.class, ErrorCode.INVALID_CSR, rule, reason);
    }

    static Stream<Arguments> refusals() {
        KeyPair ec = TestCsrs.ec("secp256r1");
        KeyPair rsa = TestCsrs.rsa(2048);
        AgentName outside = AgentName.parse("ans://v1.0.0.rca.other.example.org");
        return Stream.of(
                invalid("empty", () -> new byte[0], "parse", "the request is empty"),
                invalid("garbage bytes", () -> "hello, I am not a CSR".getBytes(StandardCharsets.US_ASCII), "parse", "not a DER-encoded PKCS#10"),
                invalid("trailing bytes", () -> Arrays.copyOf(TestCsrs.forName(ec, NAME), TestCsrs.forName(ec, NAME).length + 3), "parse",
                        "not a DER-encoded PKCS#10"),
                invalid("too large", () -> new byte[CsrRules.MAX_CSR_BYTES + 1], "parse", "at most 16384 are accepted"),
                invalid("weak RSA 1024", () -> TestCsrs.forName(TestCsrs.rsa(1024), NAME), "key-size",
                        "RSA key of 1024 bits, at least 2048 required"),
                invalid("RSA exponent 3", () -> TestCsrs.forName(TestCsrs.rsa(2048, BigInteger.valueOf(3)), NAME), "rsa-exponent",
                        "RSA public exponent 3, 65537 required"),
                invalid("EC P-521", () -> TestCsrs.forName(TestCsrs.ec("secp521r1"), NAME), "key-type",
                        "EC key on curve secp521r1, P-256 or P-384 required"),
                invalid("SHA-1 with RSA", () -> TestCsrs.csr(rsa, "SHA1withRSA", cn(NAME.fqdn()), uri(NAME.toString())), "signature-algorithm",
                        "is based on SHA-1"),
                invalid("SHA-1 with ECDSA", () -> TestCsrs.csr(ec, "SHA1withECDSA", cn(NAME.fqdn()), uri(NAME.toString())), "signature-algorithm",
                        "is based on SHA-1"),
                invalid("MD5 with RSA", () -> TestCsrs.csr(rsa, "MD5withRSA", cn(NAME.fqdn()), uri(NAME.toString())), "signature-algorithm",
                        "is based on MD5"),
                invalid("tampered signature", () -> {
                    byte[] der = TestCsrs.forName(ec, NAME);
                    der[der.length - 1] ^= 0x01; // the last byte belongs to the signature
                    return der;
                }, "signature", "does not verify"),
                invalid("IP address SAN, none allowed", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn(NAME.fqdn()), uri(NAME.toString()),
                        ip("10.0.0.1")), "san-ip", "SAN IP address 10.0.0.1 is not allowed by this CA, which certifies no IP address;"
                        + " leave it out of the request, or have the ANS operator allow it (AnsServer.Builder.allowIpAddressSans"),
                invalid("e-mail SAN", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn(NAME.fqdn()), uri(NAME.toString()),
                        new GeneralName(GeneralName.rfc822Name, "ops@example.net")), "san-types", "of type e-mail (rfc822Name) is not accepted"),
                invalid("wrong SAN URI", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn(NAME.fqdn()), uri("ans://v1.0.0.other.broadband.ops.example.net")),
                        "name", "SAN URI 'ans://v1.0.0.other.broadband.ops.example.net' does not equal the requested name"),
                invalid("SAN URI of another version", () -> TestCsrs.forName(ec, NAME.withVersion(dev.acf.api.name.Version.parse("2.0.0"))),
                        "name", "does not equal the requested name"),
                invalid("two SAN URIs", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn(NAME.fqdn()), uri(NAME.toString()), uri(NAME.toString())),
                        "name", "2 SAN URIs"),
                invalid("no name at all", () -> TestCsrs.csr(ec, "SHA256withECDSA", new X500Name("O=ops.example.net")), "name",
                        "names no agent"),
                invalid("CN of another agent", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn("other.ops.example.net"), uri(NAME.toString())),
                        "name", "subject CN 'other.ops.example.net' is neither"),
                invalid("SAN DNS mismatch", () -> TestCsrs.csr(ec, "SHA256withECDSA", cn(NAME.fqdn()), uri(NAME.toString()), dns("evil.example.com")),
                        "san-dns", "SAN DNS name 'evil.example.com' does not equal the agent FQDN 'rca.broadband.ops.example.net'"),
                row("name outside the domain", () -> TestCsrs.forName(ec, outside), outside, PolicyException.class, ErrorCode.POLICY_REFUSED,
                        "domain", "lies outside this CA's domain 'ops.example.net'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void requestBreakingARuleIsRefusedNamingTheRule(String label, Supplier<byte[]> csr, AgentName name, Class<? extends AcfException> type,
            ErrorCode code, String rule, String reason) {
        AcfException refused = catchThrowableOfType(type, () -> RULES.check(csr.get(), name));

        assertThat(refused).as(label).isNotNull();
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.getMessage()).startsWith("rule " + rule + ": ").contains(reason);
    }

    static Stream<Arguments> acceptedKeys() {
        return Stream.of(
                Arguments.of("EC P-256", TestCsrs.ec("secp256r1")),
                Arguments.of("EC P-384", TestCsrs.ec("secp384r1")),
                Arguments.of("Ed25519", TestCsrs.ed25519()),
                Arguments.of("RSA 2048", TestCsrs.rsa(2048)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedKeys")
    void wellFormedRequestPasses(String label, KeyPair keys) {
        assertThatCode(() -> RULES.check(TestCsrs.forName(keys, NAME), NAME)).as(label).doesNotThrowAnyException();
    }

    @Test
    void subjectCommonNameMayCarryTheNameWhenThereIsNoSanUri() {
        byte[] csr = TestCsrs.csr(TestCsrs.ec("secp256r1"), "SHA256withECDSA", cn(NAME.toString()));

        assertThatCode(() -> RULES.check(csr, NAME)).doesNotThrowAnyException();
    }

    @Test
    void ruleIdsAreStableAndCheckedInOrder() {
        assertThat(CsrRules.rules()).extracting(CsrRules.Rule::id).containsExactly("parse", "key-type", "key-size", "rsa-exponent",
                "signature-algorithm", "signature", "san-types", "name", "san-dns", "san-ip", "domain");
    }

    /** Rows: the addresses the CA allows, the IP SANs requested, and the refusal expected (null: accepted). */
    static Stream<Arguments> ipAddressPolicy() {
        List<InetAddress> loopbacks = List.of(address("127.0.0.1"), address("::1"));
        return Stream.of(
                Arguments.of("no IP SAN, none allowed", List.of(), List.of(), null),
                Arguments.of("no IP SAN, loopbacks allowed", loopbacks, List.of(), null),
                Arguments.of("allowed IPv4", loopbacks, List.of("127.0.0.1"), null),
                Arguments.of("allowed IPv6", loopbacks, List.of("::1"), null),
                Arguments.of("both allowed, one repeated", loopbacks, List.of("127.0.0.1", "::1", "127.0.0.1"), null),
                Arguments.of("default refuses", List.of(), List.of("127.0.0.1"),
                        "SAN IP address 127.0.0.1 is not allowed by this CA, which certifies no IP address"),
                Arguments.of("another address", loopbacks, List.of("127.0.0.1", "10.0.0.1"),
                        "SAN IP address 10.0.0.1 is not allowed by this CA, which certifies only [127.0.0.1, 0:0:0:0:0:0:0:1]"),
                Arguments.of("IPv4-mapped form of an allowed IPv4", loopbacks, List.of("::ffff:127.0.0.1"),
                        "SAN IP address 0:0:0:0:0:ffff:7f00:1 is not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipAddressPolicy")
    void ipAddressSanPassesOnlyWhenTheCaAllowsIt(String label, List<InetAddress> allowed, List<String> requested, String refusal) {
        CsrRules rules = new CsrRules(DOMAIN, allowed);
        List<GeneralName> sans = new ArrayList<>(List.of(uri(NAME.toString()), dns(NAME.fqdn())));
        requested.forEach(address -> sans.add(ip(address)));
        byte[] csr = TestCsrs.csr(TestCsrs.ec("secp256r1"), "SHA256withECDSA", cn(NAME.fqdn()), sans.toArray(GeneralName[]::new));

        if (refusal == null) {
            CsrRules.Candidate accepted = rules.accept(csr, NAME);
            assertThat(accepted.ipAddresses()).as(label).extracting(InetAddress::getHostAddress)
                    .containsExactlyElementsOf(requested.stream().map(a -> address(a).getHostAddress()).distinct().toList());
        } else {
            TrustException refused = catchThrowableOfType(TrustException.class, () -> rules.check(csr, NAME));
            assertThat(refused).as(label).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CSR);
            assertThat(refused.getMessage()).startsWith("rule san-ip: " + refusal);
        }
    }

    @Test
    void allowedAddressesAreKeptWithoutHostNamesAndOnce() throws Exception {
        CsrRules rules = new CsrRules(DOMAIN, List.of(InetAddress.getByAddress("gateway", new byte[] {127, 0, 0, 1}), address("127.0.0.1")));

        assertThat(rules.allowedIpAddresses()).containsExactly(address("127.0.0.1"));
        assertThat(rules.allowedIpAddresses().get(0).toString()).isEqualTo("/127.0.0.1");
        assertThat(RULES.allowedIpAddresses()).isEmpty();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
