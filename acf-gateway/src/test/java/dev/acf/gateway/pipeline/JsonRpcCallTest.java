package dev.acf.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.gateway.Body;
import org.junit.jupiter.api.Test;

class JsonRpcCallTest {

    private static JsonRpcCall scan(String json) {
        return JsonRpcCall.scan(Body.of(json));
    }

    @Test
    void findsTheEnvelopeAndTheIdsTheMessageNamesFirst() {
        JsonRpcCall call = scan("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendMessage\",\"params\":{\"taskId\":\"p\",\"contextId\":\"pc\","
                + "\"message\":{\"parts\":[{\"text\":\"x\"}],\"taskId\":\"m\",\"contextId\":\"mc\"}}}");

        assertThat(call.wellFormed()).isTrue();
        assertThat(call.object()).isTrue();
        assertThat(call.id().intValue()).isEqualTo(7);
        assertThat(call.jsonrpc()).isEqualTo("2.0");
        assertThat(call.method()).isEqualTo("SendMessage");
        assertThat(call.params()).isEqualTo(JsonRpcCall.Params.OBJECT);
        assertThat(call.taskId()).isEqualTo("m");
        assertThat(call.contextId()).isEqualTo("mc");
    }

    @Test
    void takesTheTaskIdOfGetTaskFromParamsIdAndTheLastOfRepeatedMembers() {
        JsonRpcCall call = scan("{\"method\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"},\"id\":\"a\"}");

        assertThat(call.method()).isEqualTo("GetTask");
        assertThat(call.taskId()).isEqualTo("t-1");
        assertThat(call.id().textValue()).isEqualTo("a");
    }

    @Test
    void findsTheSkillTheMetadataNamesParamsFirstAndSkillIdBeforeSkill() {
        assertThat(scan("{\"method\":\"SendMessage\",\"params\":{\"message\":{\"metadata\":{\"skill\":\"b\",\"skillId\":\"a\"}}}}").skill())
                .isEqualTo("a");
        assertThat(scan("{\"method\":\"SendMessage\",\"params\":{\"metadata\":{\"skill\":\"p\"},\"message\":{\"metadata\":{\"skillId\":\"m\"}}}}")
                .skill()).isEqualTo("p");
        assertThat(scan("{\"method\":\"SendMessage\",\"params\":{\"metadata\":{\"skillId\":7,\"other\":{\"skillId\":\"deep\"}}}}").skill())
                .as("a number, or a member nested deeper, names no skill").isNull();
        assertThat(scan("{\"method\":\"SendMessage\",\"params\":{\"message\":{\"parts\":[]}}}").skill()).isNull();
    }

    @Test
    void tellsMalformedJsonTrailingValuesAndOtherShapesApart() {
        assertThat(scan("{\"jsonrpc\":\"2.0\"").wellFormed()).isFalse();
        assertThat(scan("{} {}").wellFormed()).isFalse();
        assertThat(scan("").wellFormed()).isFalse();
        assertThat(scan("[{\"jsonrpc\":\"2.0\"}]").object()).isFalse();
        assertThat(scan("{\"params\":\"x\"}").params()).isEqualTo(JsonRpcCall.Params.OTHER);
        assertThat(scan("{\"params\":[1,{\"taskId\":\"no\"}]}").params()).isEqualTo(JsonRpcCall.Params.ARRAY);
        assertThat(scan("{\"params\":[1,{\"taskId\":\"no\"}]}").taskId()).isNull();
        assertThat(scan("{\"id\":{\"a\":1}}").id().isObject()).isTrue();
    }
}
