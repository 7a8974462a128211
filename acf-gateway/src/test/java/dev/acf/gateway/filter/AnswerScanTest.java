package dev.acf.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import org.junit.jupiter.api.Test;

class AnswerScanTest {
    private static AnswerScan scan(String json) {
        return AnswerScan.of(Exchanges.ok(json));
    }

    @Test
    void aNewTaskNamesItsIdAndContext() {
        AnswerScan s = scan("""
                {"jsonrpc":"2.0","id":1,"result":{"kind":"task","id":"t-1","contextId":"c-1","status":{"state":"working"},
                "history":[{"taskId":"other","parts":[{"text":"x"}]}]}}""");
        assertThat(s).isEqualTo(new AnswerScan("t-1", "c-1", null, null));
    }

    @Test
    void anObjectWithAStatusIsATaskAndItsIdCounts() {
        assertThat(scan("{\"result\":{\"id\":\"t-2\",\"status\":null}}").taskId()).isEqualTo("t-2");
        assertThat(scan("{\"result\":{\"id\":\"m-2\",\"kind\":\"message\"}}").taskId()).isNull();
    }

    @Test
    void idsComeFromTheResultThenItsTaskThenItsMessage() {
        AnswerScan s = scan("""
                {"result":{"message":{"taskId":"t-m","contextId":"c-m","parts":[]},"task":{"id":"t-t","kind":"task"}}}""");
        assertThat(s.taskId()).isEqualTo("t-t");
        assertThat(s.contextId()).isEqualTo("c-m");
        assertThat(scan("{\"result\":{\"taskId\":\"\",\"message\":{\"taskId\":\"t-m\"}}}").taskId()).isEqualTo("t-m");
    }

    @Test
    void theLastOfRepeatedMembersWinsAsWithATree() {
        AnswerScan s = scan("{\"result\":{\"task\":{\"id\":\"a\",\"kind\":\"task\"},\"task\":{\"id\":\"b\"}},\"error\":{\"code\":1},\"error\":{}}");
        assertThat(s).isEqualTo(new AnswerScan(null, null, null, null));
    }

    @Test
    void errorCodesAreReadAsStringsOrJsonRpcNumbers() {
        assertThat(scan("{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}").errorCode()).isEqualTo("rate_limited");
        AnswerScan rpc = scan("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no such method\",\"data\":{\"a\":[1,2]}}}");
        assertThat(rpc.rpcErrorCode()).isEqualTo("-32601");
        assertThat(rpc.errorCode()).isNull();
        assertThat(scan("{\"error\":{\"code\":1.5}}").rpcErrorCode()).isNull();
    }

    @Test
    void malformedOrNonJsonAnswersYieldNothing() {
        assertThat(scan("{\"result\":{\"id\":\"t\",\"status\":{}}} trailing")).isEqualTo(AnswerScan.NOTHING);
        assertThat(scan("{\"result\":{\"id\":\"t\",\"status\":{}")).isEqualTo(AnswerScan.NOTHING);
        assertThat(scan("[1,2]")).isEqualTo(AnswerScan.NOTHING);
        Exchange.Response text = new Exchange.Response(200, HttpHeaders.of("content-type", "text/plain"),
                Body.of("{\"result\":{\"taskId\":\"t\"}}"));
        assertThat(AnswerScan.of(text)).isEqualTo(AnswerScan.NOTHING);
        assertThat(scan("{\"result\":\"t\"}")).isEqualTo(AnswerScan.NOTHING);
    }

    @Test
    void namesSpelledWithEscapesAreStillRead() {
        assertThat(scan("{\"result\":{\"task\\u0049d\":\"t-e\",\"context\\u0049d\":\"c-e\"}}"))
                .isEqualTo(new AnswerScan("t-e", "c-e", null, null));
        assertThat(scan("{\"\\u0065rror\":{\"code\":\"internal\"}}").errorCode()).isEqualTo("internal");
    }

    @Test
    void anAnswerNamingNoneOfTheReadMembersYieldsNothingWithoutAParse() {
        String message = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"message\":{\"role\":\"ROLE_AGENT\",\"messageId\":\"r1\","
                + "\"parts\":[{\"text\":\"the taskId is error-free\"}]}}}";
        assertThat(AnswerScan.mayName(Body.of(message).asReadOnlyBuffer())).isFalse();
        assertThat(scan(message)).isEqualTo(AnswerScan.NOTHING);
        assertThat(AnswerScan.mayName(Body.of("{\"result\":{\"status\":{}}}").asReadOnlyBuffer())).isTrue();
    }
}
