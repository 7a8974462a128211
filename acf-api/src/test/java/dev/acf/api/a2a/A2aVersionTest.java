package dev.acf.api.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import org.junit.jupiter.api.Test;

class A2aVersionTest {
    @Test
    void namesTheHeaderAndItsValues() {
        assertThat(A2aVersion.HEADER).isEqualTo("A2A-Version");
        assertThat(A2aVersion.V0_3.headerValue()).isEqualTo("0.3");
        assertThat(A2aVersion.V1_0.headerValue()).isEqualTo("1.0");
    }

    @Test
    void parsesMajorMinorWithOrWithoutPatch() {
        assertThat(A2aVersion.parse("1.0")).isEqualTo(A2aVersion.V1_0);
        assertThat(A2aVersion.parse("1.0.1")).isEqualTo(A2aVersion.V1_0);
        assertThat(A2aVersion.parse(" 0.3 ")).isEqualTo(A2aVersion.V0_3);
        assertThat(A2aVersion.parse("0.3.0")).isEqualTo(A2aVersion.V0_3);
    }

    @Test
    void refusesOtherVersionsWithInvalidVersion() {
        for (String bad : new String[] {"2.0", "0.2.6", "1", "1.0.x", "v1.0", ""}) {
            assertThatThrownBy(() -> A2aVersion.parse(bad))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'" + bad + "'")
                    .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_VERSION);
        }
    }

    @Test
    void readsAMissingOrBlankHeaderAsV03() {
        assertThat(A2aVersion.fromHeader(null)).isEqualTo(A2aVersion.V0_3);
        assertThat(A2aVersion.fromHeader("  ")).isEqualTo(A2aVersion.V0_3);
        assertThat(A2aVersion.fromHeader("1.0")).isEqualTo(A2aVersion.V1_0);
    }
}
