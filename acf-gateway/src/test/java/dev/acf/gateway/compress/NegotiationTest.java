package dev.acf.gateway.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.LimitExceededException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accept-Encoding negotiation, the compressible types, and encoders whose output decodes to the input. */
class NegotiationTest {
    private final Compression defaults = Compression.defaults();

    @Test
    void zstdIsPreferredOverGzipAtEqualWeight() {
        assertThat(defaults.negotiate("gzip, deflate, br, zstd")).isEqualTo(ContentCoding.ZSTD);
        assertThat(defaults.negotiate("gzip")).isEqualTo(ContentCoding.GZIP);
        assertThat(defaults.withCodings(List.of(ContentCoding.GZIP)).negotiate("zstd, gzip")).isEqualTo(ContentCoding.GZIP);
    }

    @Test
    void qValuesDecideAndZeroRefuses() {
        assertThat(defaults.negotiate("zstd;q=0.5, gzip;q=0.9")).isEqualTo(ContentCoding.GZIP);
        assertThat(defaults.negotiate("zstd;q=0, gzip")).isEqualTo(ContentCoding.GZIP);
        assertThat(defaults.negotiate("gzip;q=0, zstd;q=0")).isNull();
        assertThat(defaults.negotiate("GZIP ; Q=1.0")).isEqualTo(ContentCoding.GZIP);
        assertThat(defaults.negotiate("gzip;q=nonsense")).isNull();
    }

    @Test
    void identityWhenNothingUsableIsOffered() {
        assertThat(defaults.negotiate(null)).isNull();
        assertThat(defaults.negotiate("")).isNull();
        assertThat(defaults.negotiate("identity")).isNull();
        assertThat(defaults.negotiate("br, deflate")).isNull();
        assertThat(Compression.off().negotiate("gzip")).isNull();
    }

    @Test
    void aWildcardCoversCodingsNotNamed() {
        assertThat(defaults.negotiate("*")).isEqualTo(ContentCoding.ZSTD);
        assertThat(defaults.negotiate("zstd;q=0, *;q=0.3")).isEqualTo(ContentCoding.GZIP);
        assertThat(defaults.negotiate("*;q=0")).isNull();
    }

    @Test
    void textJsonAndStructuredSuffixesAreCompressibleImagesAreNot() {
        assertThat(defaults.compressible("application/json; charset=utf-8")).isTrue();
        assertThat(defaults.compressible("application/a2a+json")).isTrue();
        assertThat(defaults.compressible("text/event-stream")).isTrue();
        assertThat(defaults.compressible("Text/HTML")).isTrue();
        assertThat(defaults.compressible("image/png")).isFalse();
        assertThat(defaults.compressible("application/octet-stream")).isFalse();
        assertThat(defaults.compressible("application/zip")).isFalse();
        assertThat(defaults.compressible(null)).isFalse();
    }

    @Test
    void everyCodingRoundTripsWholeAndStreamedBodies() {
        byte[] body = "{\"text\":\"hello\"}".repeat(500).getBytes(StandardCharsets.UTF_8);
        for (ContentCoding coding : ContentCoding.values()) {
            byte[] whole = coding.encode(body);
            assertThat(whole.length).isLessThan(body.length / 10);
            assertThat(coding.decode(whole, body.length)).isEqualTo(body);

            java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
            try (StreamEncoder encoder = coding.newStreamEncoder()) {
                for (int i = 0; i < body.length; i += 1000) {
                    streamed.writeBytes(encoder.encode(body, i, Math.min(1000, body.length - i)));
                }
                streamed.writeBytes(encoder.finish());
            }
            assertThat(coding.decode(streamed.toByteArray(), body.length)).isEqualTo(body);
        }
    }

    @Test
    void decodingStopsAtTheLimit() {
        byte[] bomb = ContentCoding.ZSTD.encode(new byte[4 * 1024 * 1024]);
        assertThatThrownBy(() -> ContentCoding.decodeAll(bomb, "zstd", 1024 * 1024)).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> ContentCoding.decodeAll(new byte[] {1, 2, 3}, "gzip", 1024)).isInstanceOf(AcfException.class)
                .hasMessageContaining("not valid gzip");
        assertThatThrownBy(() -> ContentCoding.decodeAll(new byte[] {1, 2, 3}, "br", 1024)).isInstanceOf(AcfException.class)
                .extracting(e -> ((AcfException) e).httpStatus()).isEqualTo(415);
    }
}
