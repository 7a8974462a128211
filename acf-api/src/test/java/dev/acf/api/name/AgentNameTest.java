package dev.acf.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.InvalidNameException;
import dev.acf.api.json.AcfJson;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AgentNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ans://v1.2.0.rca.broadband.ops.example.net | 1.2.0 | rca.broadband.ops.example.net | ans://v1.2.0.rca.broadband.ops.example.net
            ans://v0.0.1.probe.ops.example.net         | 0.0.1 | probe.ops.example.net         | ans://v0.0.1.probe.ops.example.net
            ans://v10.20.300.a.b.c                     | 10.20.300 | a.b.c                     | ans://v10.20.300.a.b.c
            ANS://V1.0.0.RCA.Ops.Example.NET           | 1.0.0 | rca.ops.example.net           | ans://v1.0.0.rca.ops.example.net
            ans://rca.broadband.ops.example.net        |       | rca.broadband.ops.example.net | ans://rca.broadband.ops.example.net
            ans://v1.0.0.wifi-opt.edge-1.example.net   | 1.0.0 | wifi-opt.edge-1.example.net   | ans://v1.0.0.wifi-opt.edge-1.example.net
            ans://v1.0.0.1st.ops.example.net           | 1.0.0 | 1st.ops.example.net           | ans://v1.0.0.1st.ops.example.net
            ans://v2.0.0.agent.bücher.example          | 2.0.0 | agent.xn--bcher-kva.example   | ans://v2.0.0.agent.xn--bcher-kva.example
            a2a://chatbot.conversation.acme.v1.0.0     | 1.0.0 | chatbot.conversation.acme     | ans://v1.0.0.chatbot.conversation.acme
            """)
    void parsesValidNamesToCanonicalForm(String text, String version, String fqdn, String canonical) {
        AgentName name = AgentName.parse(text);

        assertThat(name.version()).isEqualTo(version == null ? null : Version.parse(version));
        assertThat(name.fqdn()).isEqualTo(fqdn);
        assertThat(name).hasToString(canonical);
        assertThat(AgentName.parse(canonical)).isEqualTo(name);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("", "has no scheme"),
                Arguments.of("rca.ops.example.net", "has no scheme"),
                Arguments.of("ans://", "has no host name"),
                Arguments.of("ans://v1.2.0.rca.ops.example.net/path", "must not carry a path"),
                Arguments.of("ans://v1.2.0.rca.ops.example.net:8443", "must not carry a port"),
                Arguments.of("ans://user@rca.ops.example.net", "must not carry user information"),
                Arguments.of("ans://v1.2.0.rca.ops.example.net?x=1", "must not carry a query"),
                Arguments.of("ans://v1.2.0.rca.ops.example.net#f", "must not carry a fragment"),
                Arguments.of("ans://v1.2.0.rca.ops example.net", "white space"),
                Arguments.of("ans://v1.2.rca.ops.example.net", "the patch number 'rca' is not a decimal number"),
                Arguments.of("ans://v01.2.0.rca.ops.example.net", "the major number '01' has a leading zero"),
                Arguments.of("ans://v1.2.0.ops.example", "needs at least 3 labels"),
                Arguments.of("ans://v1.2.0", "the version must be vMAJOR.MINOR.PATCH followed by the agent host name"),
                Arguments.of("ans://v1.2.0.rca..example.net", "label 2 is empty"),
                Arguments.of("ans://v1.2.0.rca.ops.example.net.", "must not end with a dot"),
                Arguments.of("ans://v1.2.0.-rca.ops.example.net", "label 1 '-rca' must not start or end with '-'"),
                Arguments.of("ans://v1.2.0.rca_1.ops.example.net", "label 1 'rca_1' has the character '_'"),
                Arguments.of("ans://v1.2.0." + "a".repeat(64) + ".example.net", "has 64 characters, at most 63"),
                Arguments.of("ans://v1.2.0.v2.ops.example.net", "the first label 'v2' looks like a version"),
                Arguments.of("ans://v1.2.0." + "abcdefgh.".repeat(30) + "net", "at most 253 are allowed"),
                Arguments.of("ans://v9999999999.0.0.rca.ops.example.net", "is too large"),
                Arguments.of("a2a://chatbot.conversation.acme", "must end with a version"),
                Arguments.of("a2a://chatbot.acme.v1.0.0", "needs agentId.capability.provider before the version"),
                Arguments.of("a2a://chatbot.conversation.acme.v1.0.0,bad ext", "extension 'bad ext'"),
                Arguments.of("ans://" + "a".repeat(600), "at most 512 are allowed"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidNames")
    void rejectsInvalidNamesNamingTheOffendingPart(String text, String expectedMessagePart) {
        assertThatThrownBy(() -> AgentName.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(expectedMessagePart)
                .satisfies(e -> assertThat(((InvalidNameException) e).code().id()).isIn("invalid_name", "invalid_version"));
        assertThat(AgentName.isValid(text)).isFalse();
    }

    @Test
    void versionLessNameMatchesEveryVersionOfTheSameAgent() {
        AgentName v120 = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");

        assertThat(v120.withoutVersion()).isEqualTo(AgentName.parse("ans://rca.broadband.ops.example.net"));
        assertThat(v120.withoutVersion().hasVersion()).isFalse();
        assertThat(v120.withoutVersion().withVersion(Version.of(1, 2, 0))).isEqualTo(v120);
        assertThat(v120.agentLabel()).isEqualTo("rca");
        assertThat(v120.versionIfPresent()).contains(Version.of(1, 2, 0));
    }

    @Test
    void nameLiesInsideItsAdministrativeDomainOnly() {
        AgentName rca = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");

        assertThat(rca.isWithin(Domain.of("ops.example.net"))).isTrue();
        assertThat(rca.isWithin(Domain.of("broadband.ops.example.net"))).isTrue();
        assertThat(rca.isWithin(Domain.of("core.example.net"))).isFalse();
        // a suffix that is not at a label boundary is another domain
        assertThat(rca.isWithin(Domain.of("s.example.net"))).isFalse();
    }

    @Test
    void serializesAsItsCanonicalStringInJson() {
        record Holder(AgentName name) {}
        AgentName rca = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");

        String json = AcfJson.writeString(new Holder(rca));

        assertThat(json).isEqualTo("{\"name\":\"ans://v1.2.0.rca.broadband.ops.example.net\"}");
        assertThat(AcfJson.read(json, Holder.class).name()).isEqualTo(rca);
    }

    @Test
    void invalidNameInsideJsonIsReportedAsInvalidName() {
        record Holder(AgentName name) {}

        assertThatThrownBy(() -> AcfJson.read("{\"name\":\"ans://v1.2.0.rca\"}", Holder.class))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("needs at least 3 labels")
                .extracting(e -> ((InvalidNameException) e).code())
                .isEqualTo(ErrorCode.INVALID_NAME);
    }

    /** Property: every generated valid name survives format -> parse unchanged. */
    @Test
    void randomValidNamesRoundTrip() {
        Random random = new Random(20261126L);
        for (int i = 0; i < 5_000; i++) {
            AgentName name = randomName(random);

            AgentName parsed = AgentName.parse(name.toString());

            assertThat(parsed).isEqualTo(name);
            assertThat(parsed.toString()).isEqualTo(name.toString());
            assertThat(AgentName.parse(name.toString().toUpperCase(java.util.Locale.ROOT))).isEqualTo(name);
        }
    }

    /** Property: arbitrary text is either a valid name or an InvalidNameException, never another failure. */
    @Test
    void randomGarbageIsRejectedOnlyWithInvalidNameException() {
        Random random = new Random(42L);
        String alphabet = "ans:/v0123456789.abcxyz-_@?#: \t\u200bÄ,";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "ans://" : "");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                AgentName name = AgentName.parse(text.toString());
                assertThat(AgentName.parse(name.toString())).isEqualTo(name);
            } catch (InvalidNameException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    static AgentName randomName(Random random) {
        int labels = 3 + random.nextInt(4);
        StringBuilder fqdn = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            if (i > 0) {
                fqdn.append('.');
            }
            fqdn.append(randomLabel(random, i == 0));
        }
        return random.nextInt(5) == 0
                ? AgentName.of(fqdn.toString())
                : AgentName.of(fqdn.toString(), Version.of(random.nextInt(20), random.nextInt(100), random.nextInt(1000)));
    }

    private static String randomLabel(Random random, boolean first) {
        String inner = "abcdefghijklmnopqrstuvwxyz0123456789-";
        String edge = "abcdefghijklmnopqrstuvwxyz0123456789";
        int length = 1 + random.nextInt(first ? 12 : 20);
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < length; i++) {
            boolean atEdge = i == 0 || i == length - 1;
            String chars = atEdge ? edge : inner;
            label.append(chars.charAt(random.nextInt(chars.length())));
        }
        // a first label such as "v12" would read as a version: keep it a plain name
        return first && AgentName.looksLikeVersion(label.toString()) ? "x" + label : label.toString();
    }
}
