package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeAttributesTest {
    private static final Exchange.Request GET = new Exchange.Request("GET", "/", HttpHeaders.empty(), Body.empty());

    @Test
    void aLaterAttributeReplacesAnEarlierOneOfTheSameKeyAndLeavesTheOriginalUnchanged() {
        Exchange first = Exchange.of("r1", GET).withAttribute("a", 1).withAttribute("b", "x");
        Exchange second = first.withAttribute("a", 2);

        assertThat(second.attribute("a", Integer.class)).contains(2);
        assertThat(first.attribute("a", Integer.class)).contains(1);
        assertThat(second.attributes()).hasSize(2).containsEntry("a", 2).containsEntry("b", "x");
        assertThat(second.attributes()).isEqualTo(Map.of("a", 2, "b", "x"));
        assertThat(second.attributes().hashCode()).isEqualTo(Map.of("a", 2, "b", "x").hashCode());
    }

    @Test
    void everyKeyOfALongChainIsFoundAndNoOtherIs() {
        Exchange exchange = Exchange.of("r1", GET);
        for (int i = 0; i < 200; i++) {
            exchange = exchange.withAttribute("acf.key" + i, i);
        }

        for (int i = 0; i < 200; i++) {
            assertThat(exchange.attribute("acf.key" + i, Integer.class)).contains(i);
            assertThat(exchange.attributes()).doesNotContainKey("acf.other" + i);
        }
        assertThat(exchange.attributes()).hasSize(200);
    }

    @Test
    void attributesAreImmutableAndEqualWhateverMapTheyCameFrom() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("k", "v"));
        Exchange exchange = new Exchange("r1", GET, Exchange.of("r1", GET).caller(), given);
        given.put("later", "ignored");

        assertThat(exchange.attributes()).isEqualTo(Map.of("k", "v"));
        assertThat(exchange).isEqualTo(Exchange.of("r1", GET).withAttribute("k", "v"));
        assertThatThrownBy(() -> exchange.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> exchange.withAttribute("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void headersBuiltFromOtherHeadersStayEqualToHeadersBuiltFromMaps() {
        HttpHeaders built = HttpHeaders.of("Content-Type", "application/json").with("A2A-Version", "1.0").add("a2a-version", "0.3");
        HttpHeaders fromMap = new HttpHeaders(Map.of("content-type", List.of("application/json"), "A2A-Version", List.of("1.0", "0.3")));

        assertThat(built).isEqualTo(fromMap);
        assertThat(new HttpHeaders(built.fields())).isEqualTo(built);
        assertThat(built.without("content-type").names()).containsExactly("a2a-version");
        assertThatThrownBy(() -> built.fields().put("x", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
    }
}
