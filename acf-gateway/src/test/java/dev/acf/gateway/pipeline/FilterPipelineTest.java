package dev.acf.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.ExchangeAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPipelineTest {
    private static final ExchangeHandler OK = (exchange, scope) -> new Exchange.Response(200, HttpHeaders.empty(), Body.of("ok"));

    private static Exchange exchange(String method, String body) {
        return new Exchange("r-1", new Exchange.Request(method, "/agents/x", HttpHeaders.of("content-type", "application/json"),
                Body.of(body)), dev.acf.api.security.CallerIdentity.anonymous(),
                Map.of(ExchangeAttributes.TARGET, AgentName.parse("ans://x.ops.example.net")));
    }

    private static Exchange.Response run(FilterPipeline pipeline, Exchange exchange, ExchangeHandler handler) {
        return pipeline.run(exchange, new RequestScope(exchange.requestId(), false), handler);
    }

    @Test
    void stagesRunInTheirFixedOrderWhateverTheOrderOfRegistration() {
        List<String> seen = new ArrayList<>();
        Map<FilterStage, List<GatewayFilter>> byStage = new LinkedHashMap<>();
        for (FilterStage stage : List.of(FilterStage.ROUTING, FilterStage.OBSERVABILITY, FilterStage.SECURITY, FilterStage.QOS)) {
            byStage.put(stage, List.of((exchange, chain) -> {
                seen.add(stage.name());
                return chain.proceed(exchange);
            }));
        }

        assertThat(run(FilterPipeline.of(byStage), exchange("GET", ""), OK).status()).isEqualTo(200);

        assertThat(seen).containsExactly("SECURITY", "QOS", "OBSERVABILITY", "ROUTING");
    }

    @Test
    void anExceptionBecomesA500WithoutItsDetail() {
        FilterPipeline pipeline = FilterPipeline.of(Map.of(FilterStage.QOS, List.of((exchange, chain) -> {
            throw new IllegalStateException("db password is hunter2");
        })));

        Exchange.Response response = run(pipeline, exchange("GET", ""), OK);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body().asString()).contains("\"code\":\"internal\"").contains("r-1").doesNotContain("hunter2");
    }

    @Test
    void aTypedFailureKeepsItsStatusAndCode() {
        FilterPipeline pipeline = FilterPipeline.of(Map.of(FilterStage.QOS, List.of((exchange, chain) -> {
            throw new LimitExceededException(ErrorCode.RATE_LIMITED, "slow down");
        })));

        Exchange.Response response = run(pipeline, exchange("GET", ""), OK);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.body().asString()).contains("rate_limited");
    }

    @Test
    void aFilterThatBreaksTheContractIsA500() {
        GatewayFilter twice = (exchange, chain) -> {
            chain.proceed(exchange);
            return chain.proceed(exchange);
        };
        GatewayFilter nothing = (exchange, chain) -> null;

        assertThat(run(FilterPipeline.of(Map.of(FilterStage.QOS, List.of(twice))), exchange("GET", ""), OK).status()).isEqualTo(500);
        assertThat(run(FilterPipeline.of(Map.of(FilterStage.QOS, List.of(nothing))), exchange("GET", ""), OK).status()).isEqualTo(500);
    }

    @Test
    void validationPutsTheA2aMethodAndIdsInTheAttributesForLaterStages() {
        Map<String, Object> seen = new LinkedHashMap<>();
        FilterPipeline pipeline = FilterPipeline.of(Map.of(FilterStage.OBSERVABILITY, List.of((exchange, chain) -> {
            seen.putAll(exchange.attributes());
            return chain.proceed(exchange);
        })));

        run(pipeline, exchange("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/send\",\"params\":{\"message\":"
                + "{\"taskId\":\"t-1\",\"contextId\":\"c-1\",\"parts\":[]}}}"), OK);

        assertThat(seen).containsEntry(ExchangeAttributes.A2A_METHOD, "message/send")
                .containsEntry(ExchangeAttributes.TASK_ID, "t-1")
                .containsEntry(ExchangeAttributes.CONTEXT_ID, "c-1");
    }

    @Test
    void nonJsonBodiesAndGetsPassValidationUntouched() {
        Exchange form = exchange("POST", "a=b").withRequest(new Exchange.Request("POST", "/agents/x",
                HttpHeaders.of("content-type", "application/x-www-form-urlencoded"), Body.of("a=b")));

        assertThat(run(FilterPipeline.of(Map.of()), form, OK).status()).isEqualTo(200);
        assertThat(run(FilterPipeline.of(Map.of()), exchange("GET", "not json"), OK).status()).isEqualTo(200);
        assertThat(run(FilterPipeline.of(Map.of()), exchange("POST", "not json"), OK).status()).isEqualTo(400);
    }
}
