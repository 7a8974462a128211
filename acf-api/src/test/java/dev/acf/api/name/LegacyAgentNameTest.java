package dev.acf.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.InvalidNameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LegacyAgentNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a2a://chatbot.conversation.acme.v1.0.0                       | ans://v1.0.0.chatbot.conversation.acme
            a2a://textProcessor.DocumentTranslation.AcmeCorp.v2.1.0,hipaa | ans://v2.1.0.textprocessor.documenttranslation.acmecorp
            mcp://weather.forecast.acme.example.com.v0.3.12               | ans://v0.3.12.weather.forecast.acme.example.com
            """)
    void mapsV1NamesToV2AndKeepsTheirOriginalText(String v1, String v2) {
        LegacyAgentName legacy = LegacyAgentName.parse(v1);

        assertThat(legacy.toAgentName()).hasToString(v2);
        assertThat(legacy).hasToString(v1);
        assertThat(LegacyAgentName.parse(legacy.toString())).isEqualTo(legacy);
        assertThat(AgentName.parse(v1)).isEqualTo(legacy.toAgentName());
    }

    @Test
    void keepsProtocolAndExtensionApartFromTheV2Name() {
        LegacyAgentName legacy = LegacyAgentName.parse("A2A://textProcessor.DocumentTranslation.AcmeCorp.v2.1.0,hipaa");

        assertThat(legacy.protocol()).isEqualTo("a2a");
        assertThat(legacy.agentId()).isEqualTo("textProcessor");
        assertThat(legacy.capability()).isEqualTo("DocumentTranslation");
        assertThat(legacy.provider()).isEqualTo("AcmeCorp");
        assertThat(legacy.version()).isEqualTo(Version.of(2, 1, 0));
        assertThat(legacy.extension()).isEqualTo("hipaa");
    }

    @Test
    void refusesAnsSchemeAndBadProtocols() {
        assertThatThrownBy(() -> LegacyAgentName.parse("ans://chatbot.conversation.acme.v1.0.0"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("protocol 'ans'");
        assertThatThrownBy(() -> LegacyAgentName.parse("1a2a://chatbot.conversation.acme.v1.0.0"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("protocol '1a2a'");
        assertThatThrownBy(() -> LegacyAgentName.parse("a2a://chat_bot.conversation.acme.v1.0.0"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("'chat_bot'");
    }
}
