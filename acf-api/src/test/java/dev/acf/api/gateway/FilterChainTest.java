package dev.acf.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ErrorBody;
import dev.acf.api.json.AcfJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterChainTest {
    private final Exchange exchange = Exchange.of("req-1",
            new Exchange.Request("POST", "/agents/x", HttpHeaders.of("Content-Type", "application/json"), Body.of("{}")));

    private static Exchange.Response ok(Exchange e) {
        return new Exchange.Response(200, HttpHeaders.of("x-seen-team", e.request().headers().first("x-team").orElse("none")),
                Body.of("done"));
    }

    @Test
    void filtersRunInOrderAroundTheTerminal() {
        List<String> trace = new ArrayList<>();
        GatewayFilter first = (e, chain) -> {
            trace.add("first in");
            Exchange.Response r = chain.proceed(e.withRequest(e.request().withHeader("x-team", "noc")));
            trace.add("first out");
            return r.withHeader("x-first", "yes");
        };
        GatewayFilter second = (e, chain) -> {
            trace.add("second in");
            Exchange.Response r = chain.proceed(e);
            trace.add("second out");
            return r;
        };

        Exchange.Response response = FilterChain.of(List.of(first, second), FilterChainTest::ok).proceed(exchange);

        assertThat(trace).containsExactly("first in", "second in", "second out", "first out");
        assertThat(response.headers().first("x-seen-team")).contains("noc");
        assertThat(response.headers().first("X-First")).contains("yes");
    }

    @Test
    void filterCanShortCircuitWithAnApiErrorBody() {
        GatewayFilter deny = (e, chain) -> Exchange.Response.error(403, "permission_denied", "caller may not call x");
        GatewayFilter never = (e, chain) -> {
            throw new AssertionError("must not run");
        };

        Exchange.Response response = FilterChain.of(List.of(deny, never), FilterChainTest::ok).proceed(exchange);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers().first("content-type")).contains("application/json");
        ErrorBody body = AcfJson.read(response.body().bytes(), ErrorBody.class);
        assertThat(body.error().code()).isEqualTo("permission_denied");
        assertThat(body.error().message()).isEqualTo("caller may not call x");
    }

    @Test
    void proceedingTwiceNamesTheCulprit() {
        GatewayFilter twice = new GatewayFilter() {
            @Override
            public Exchange.Response filter(Exchange e, Chain chain) {
                chain.proceed(e);
                return chain.proceed(e);
            }
        };

        assertThatThrownBy(() -> FilterChain.of(List.of(twice), FilterChainTest::ok).proceed(exchange))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("called proceed() twice")
                .hasMessageContaining(twice.getClass().getName());
    }

    @Test
    void returningNullNamesTheCulprit() {
        GatewayFilter broken = (e, chain) -> null;

        assertThatThrownBy(() -> FilterChain.of(List.of(broken), FilterChainTest::ok).proceed(exchange))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned null");
    }

    @Test
    void headersAreCaseInsensitiveAndCopiesAreIndependent() {
        HttpHeaders h = HttpHeaders.of("A2A-Version", "1.0").add("Accept", "text/event-stream").add("accept", "application/json");

        assertThat(h.first("a2a-version")).contains("1.0");
        assertThat(h.all("ACCEPT")).containsExactly("text/event-stream", "application/json");
        assertThat(h.without("accept").contains("Accept")).isFalse();
        assertThat(h.contains("accept")).isTrue();
    }
}
