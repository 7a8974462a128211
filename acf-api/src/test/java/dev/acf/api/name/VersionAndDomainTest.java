package dev.acf.api.name;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.InvalidNameException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionAndDomainTest {

    @Test
    void versionsOrderNumericallyNotAsText() {
        List<Version> versions = new ArrayList<>(List.of(
                Version.parse("1.10.0"), Version.parse("1.2.0"), Version.parse("0.9.9"), Version.parse("1.2.10"), Version.parse("2.0.0")));

        versions.sort(null);

        assertThat(versions).extracting(Version::toString).containsExactly("0.9.9", "1.2.0", "1.2.10", "1.10.0", "2.0.0");
    }

    @Test
    void compatibilityFollowsTheMajorNumber() {
        assertThat(Version.parse("1.2.0").isCompatibleWith(Version.parse("v1.9.3"))).isTrue();
        assertThat(Version.parse("1.2.0").isCompatibleWith(Version.parse("2.0.0"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1.2         | three numbers
            1.2.3.4     | three numbers
            1..3        | the minor number is empty
            1.-2.3      | is not a decimal number
            1.2.x       | the patch number 'x' is not a decimal number
            1.02.3      | leading zero
            """)
    void rejectsMalformedVersions(String text, String message) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((InvalidNameException) e).code()).isEqualTo(ErrorCode.INVALID_VERSION);
    }

    @Test
    void domainsAreCanonicalAndNeedTwoLabels() {
        assertThat(Domain.of("Ops.Example.NET").name()).isEqualTo("ops.example.net");
        assertThat(Domain.of("ops.example.net").contains(Domain.of("edge.ops.example.net"))).isTrue();
        assertThat(Domain.of("edge.ops.example.net").contains(Domain.of("ops.example.net"))).isFalse();
        assertThatThrownBy(() -> Domain.of("localhost"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("at least 2 labels");
        assertThatThrownBy(() -> Domain.of("ops..net"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("label 2 is empty");
    }
}
