package dev.acf.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceContextTest {
    static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void validValueParsesAndFormatsBackUnchanged() {
        TraceContext context = TraceContext.parse(VALID).orElseThrow();

        assertThat(context.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(context.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(context.sampled()).isTrue();
        assertThat(context.format()).isEqualTo(VALID);
    }

    @Test
    void childKeepsTraceAndFlagsWithAFreshSpan() {
        TraceContext parent = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow();

        TraceContext child = parent.child();

        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.flags()).isZero();
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).matches("[0-9a-f]{16}");
    }

    @Test
    void rootStartsASampledTraceThatParses() {
        TraceContext root = TraceContext.root();

        assertThat(TraceContext.parse(root.format())).contains(root);
        assertThat(root.sampled()).isTrue();
        assertThat(TraceContext.root().traceId()).isNotEqualTo(root.traceId());
    }

    @Test
    void laterVersionsKeepTheirKnownFields() {
        assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")).isPresent();
        assertThat(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isPresent();
    }

    @Test
    void invalidValuesAreRefused() {
        for (String bad : new String[] {"", "garbage", VALID + "-extra", VALID.toUpperCase(java.util.Locale.ROOT),
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
                "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"}) {
            assertThat(TraceContext.parse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> new TraceContext("abc", "00f067aa0ba902b7", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
