package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {
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

    @Test
    void derivedHeadersReadAndIterateAsCopiesWould() {
        java.util.Random random = new java.util.Random(42);
        String[] names = {"a", "b", "c", "d", "e", "f"};
        for (int run = 0; run < 2_000; run++) {
            java.util.LinkedHashMap<String, List<String>> model = new java.util.LinkedHashMap<>();
            model.put("a", List.of("0"));
            model.put("b", List.of("0"));
            HttpHeaders h = HttpHeaders.builder(2).add("a", "0").add("B", "0").build();
            for (int op = 0; op < 12; op++) {
                String name = names[random.nextInt(names.length)];
                String value = Integer.toString(op);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        h = h.with(name.toUpperCase(java.util.Locale.ROOT), value);
                        model.put(name, List.of(value));
                    }
                    case 1 -> {
                        h = h.add(name, value);
                        List<String> more = new java.util.ArrayList<>(model.getOrDefault(name, List.of()));
                        more.add(value);
                        model.put(name, List.copyOf(more));
                    }
                    default -> {
                        h = h.without(name);
                        model.remove(name);
                    }
                }
                java.util.List<String> order = new java.util.ArrayList<>();
                h.fields().forEach((n, v) -> order.add(n + "=" + v));
                java.util.List<String> expected = new java.util.ArrayList<>();
                model.forEach((n, v) -> expected.add(n + "=" + v));
                assertThat(order).isEqualTo(expected);
                assertThat(h.names()).containsExactlyElementsOf(model.keySet());
                assertThat(h.fields()).hasSize(model.size()).isEqualTo(model);
                for (String n : names) {
                    assertThat(h.all(n)).isEqualTo(model.getOrDefault(n, List.of()));
                    assertThat(h.contains(n)).isEqualTo(model.containsKey(n));
                }
            }
        }
    }
}
