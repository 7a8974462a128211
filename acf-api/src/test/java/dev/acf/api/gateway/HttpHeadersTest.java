package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadersBuilderTest {
    @Test
    void builtHeadersLowerCaseNamesGatherRepeatedValuesAndKeepOrder() {
        HttpHeaders h = HttpHeaders.builder(4).add("Content-Type", "application/json").add("Set-Cookie", "a=1")
                .add("set-cookie", List.of("b=2", "c=3")).add("X-Empty", List.of()).build();

        assertThat(h.names()).containsExactly("content-type", "set-cookie");
        assertThat(h.all("Set-Cookie")).containsExactly("a=1", "b=2", "c=3");
        assertThat(h).isEqualTo(HttpHeaders.of("content-type", "application/json").add("set-cookie", "a=1").add("set-cookie", "b=2")
                .add("set-cookie", "c=3"));
        assertThat(new HttpHeaders(h.fields()).fields()).isSameAs(h.fields());
    }

    @Test
    void aBuilderIsUsedOnce() {
        HttpHeaders.Builder b = HttpHeaders.builder(1).add("a", "1");
        HttpHeaders h = b.build();

        assertThatThrownBy(() -> b.add("b", "2")).isInstanceOf(IllegalStateException.class);
        assertThat(h.with("b", "2").names()).containsExactly("a", "b");
        assertThat(h.names()).containsExactly("a");
    }
}
