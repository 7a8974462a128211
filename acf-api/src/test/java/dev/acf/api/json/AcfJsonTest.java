package dev.acf.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcfJsonTest {
    record Probe(String name, int count, @Nullable Instant seen, List<String> tags) {
        Probe {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, was " + count);
            }
        }
    }

    @Test
    void writesInstantsAsIso8601AndLeavesNullsOut() {
        String json = AcfJson.writeString(new Probe("p", 2, Instant.parse("2026-11-26T04:00:00Z"), List.of()));
        String withNull = AcfJson.writeString(new Probe("p", 2, null, List.of("a")));

        assertThat(json).isEqualTo("{\"name\":\"p\",\"count\":2,\"seen\":\"2026-11-26T04:00:00Z\",\"tags\":[]}");
        assertThat(withNull).isEqualTo("{\"name\":\"p\",\"count\":2,\"tags\":[\"a\"]}");
    }

    @Test
    void ignoresUnknownFieldsForForwardCompatibility() {
        Probe probe = AcfJson.read("{\"name\":\"p\",\"count\":1,\"tags\":[],\"addedInV2\":{\"x\":[1,2]}}", Probe.class);

        assertThat(probe).isEqualTo(new Probe("p", 1, null, List.of()));
    }

    @Test
    void readsInstantsWithOffsetsAsTheSameMoment() {
        Probe probe = AcfJson.read("{\"name\":\"p\",\"count\":1,\"seen\":\"2026-11-26T06:00:00+02:00\",\"tags\":[]}", Probe.class);

        assertThat(probe.seen()).isEqualTo(Instant.parse("2026-11-26T04:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"p","count":   | Unexpected end-of-input
            {"name":"p","count":1} trailing | malformed JSON
            {"name":"p","count":"many","tags":[]} | at $.count
            {"name":"p","count":null,"tags":[]} | at $.count
            {"name":"p","count":-1,"tags":[]} | count must not be negative, was -1
            [1,2] | malformed JSON
            """)
    void malformedInputBecomesValidationErrorWithPathAndReason(String json, String expected) {
        assertThatThrownBy(() -> AcfJson.read(json, Probe.class))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(expected)
                .hasMessageNotContaining("dev.acf")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void deeplyNestedDocumentIsRefusedAsALimit() {
        String deep = "[".repeat(AcfJson.MAX_NESTING_DEPTH + 10) + "]".repeat(AcfJson.MAX_NESTING_DEPTH + 10);

        assertThatThrownBy(() -> AcfJson.readTree(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(LimitExceededException.class)
                .extracting(e -> ((LimitExceededException) e).httpStatus()).isEqualTo(413);
    }

    @Test
    void emptyBodyIsMalformed() {
        assertThatThrownBy(() -> AcfJson.readTree(new byte[0]))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void newMapperIsAnIndependentCopyWithTheSameRules() throws Exception {
        var copy = AcfJson.newMapper();

        assertThat(copy).isNotSameAs(AcfJson.mapper());
        assertThat(copy.writeValueAsString(Map.of("t", Instant.parse("2026-01-01T00:00:00Z")))).isEqualTo("{\"t\":\"2026-01-01T00:00:00Z\"}");
    }
}
