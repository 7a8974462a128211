package dev.acf.api.name;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.InvalidNameException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the ANS name parsers (REL-5): any text either parses into a name that prints back to
 * the same name, or fails with {@link InvalidNameException}; nothing else escapes. Seeds live in
 * {@code src/test/resources/dev/acf/api/name/NameFuzzTestInputs}; see fuzzing.md for fuzzing mode.
 */
class NameFuzzTest {

    @FuzzTest
    void agentNamesParseAndPrintBackOrFailWithInvalidName(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        AgentName name;
        try {
            name = AgentName.parse(text);
        } catch (InvalidNameException expected) {
            assertThat(AgentName.isValid(text)).isFalse();
            return;
        }
        assertThat(AgentName.parse(name.toString())).isEqualTo(name);
        assertThat(AgentName.parse(name.toUri().toString())).isEqualTo(name);
        assertThat(name.withoutVersion().fqdn()).isEqualTo(name.fqdn());
    }

    @FuzzTest
    void legacyNamesParseAndPrintBackOrFailWithInvalidName(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        LegacyAgentName name;
        try {
            name = LegacyAgentName.parse(text);
        } catch (InvalidNameException expected) {
            return;
        }
        assertThat(LegacyAgentName.parse(name.toString())).isEqualTo(name);
        try {
            name.toAgentName();
        } catch (InvalidNameException notMappable) {
            // A v1 name whose parts do not make a valid v2 host name is refused, not mangled.
        }
    }

    @FuzzTest
    void versionsAndDomainsParseAndPrintBackOrFailWithInvalidName(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Version version = Version.parse(text);
            assertThat(Version.parse(version.toString())).isEqualTo(version);
        } catch (InvalidNameException expected) {
            // refused with a code
        }
        try {
            Domain domain = Domain.of(text);
            assertThat(Domain.of(domain.toString())).isEqualTo(domain);
            assertThat(domain.containsHost(domain.name())).isTrue();
        } catch (InvalidNameException expected) {
            // refused with a code
        }
    }
}
