package dev.acf.ans.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.TextPart;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.TestResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCallTest {
    private static ProbeCall.Answer answer(int status, String body) {
        return ProbeCall.answer(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTaskAnswerIsReadFromItsArtifactsAndStatusNeverFromTheProbesOwnHistory() {
        ProbeCall.Answer a = answer(200, """
                {"jsonrpc": "2.0", "id": 1, "result": {"task": {"id": "t", "contextId": "c",
                  "status": {"state": "TASK_STATE_COMPLETED", "message": {"role": "ROLE_AGENT", "parts": [{"text": "done"}]}},
                  "history": [{"role": "ROLE_USER", "parts": [{"text": "attenuation 3 dB please"}]}],
                  "artifacts": [{"artifactId": "a", "parts": [{"data": {"attenuationDb": 3.2}}]}]}}}""");

        assertThat(a.error()).isNull();
        assertThat(a.text()).contains("done").doesNotContain("please");
        assertThat(a.json().path("attenuationDb").asDouble()).isEqualTo(3.2);
    }

    @Test
    void refusalsAndJsonRpcErrorsFailTheTestCaseWithTheirReason() {
        SkillTestCase test = new SkillTestCase("t1", "s", List.of(TextPart.of("x")), List.of(Expectation.containing("ok")), true, false);
        Instant at = Instant.EPOCH;

        TestResult refused = ProbeCall.result(test, answer(403, "{\"error\": {\"code\": \"permission_denied\", \"message\": \"no grant\"}}"), 1, at);
        TestResult rpcError = ProbeCall.result(test, answer(200, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": -32601, \"message\": \"no such method\"}}"), 1, at);
        TestResult wrong = ProbeCall.result(test, answer(200, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"message\": {\"parts\": [{\"text\": \"nope\"}]}}}"), 1, at);
        TestResult right = ProbeCall.result(test, answer(200, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"message\": {\"parts\": [{\"text\": \"all ok\"}]}}}"), 1, at);

        assertThat(refused.passed()).isFalse();
        assertThat(refused.detail()).isEqualTo("HTTP 403 permission_denied: no grant");
        assertThat(rpcError.detail()).contains("-32601");
        assertThat(wrong.detail()).contains("does not contain 'ok'");
        assertThat(right.passed()).isTrue();
        assertThat(right.detail()).isNull();
    }
}
