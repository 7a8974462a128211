package dev.acf.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The session layer reads task, context, sequence, checkpoint and end from events of both A2A versions. */
class EventFactsTest {

    @Test
    void aV03StatusUpdateWithFinalEndsItsTask() {
        EventFacts facts = EventFacts.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"status-update\",\"taskId\":\"t\","
                + "\"contextId\":\"c\",\"status\":{\"state\":\"working\"},\"final\":true,\"metadata\":{\"acf.seq\":9}}}");

        assertThat(facts).isEqualTo(new EventFacts("t", "c", 9, null, true));
    }

    @Test
    void aV03TaskIsItsOwnSessionAndInputRequiredEndsTheStream() {
        EventFacts facts = EventFacts.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"t\",\"contextId\":\"c\","
                + "\"status\":{\"state\":\"input-required\"}}}");

        assertThat(facts.taskId()).isEqualTo("t");
        assertThat(facts.last()).isTrue();
        assertThat(facts.sequence()).isZero();
    }

    @Test
    void aV10CheckpointCarriesItsSequenceAndState() {
        EventFacts facts = EventFacts.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"statusUpdate\":{\"taskId\":\"t\",\"contextId\":\"c\","
                + "\"status\":{\"state\":\"TASK_STATE_WORKING\"},\"metadata\":{\"acf.seq\":4,\"acf.checkpoint\":{\"sequence\":4,"
                + "\"state\":\"c3RhdGU=\"}}}}}");

        assertThat(facts.isCheckpoint()).isTrue();
        assertThat(facts.sequence()).isEqualTo(4);
        assertThat(new String(facts.checkpointState(), StandardCharsets.UTF_8)).isEqualTo("state");
        assertThat(facts.last()).isFalse();
    }

    @Test
    void aJsonRpcErrorEndsTheStreamAndDataThatIsNoEventHasNoTask() {
        assertThat(EventFacts.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"no\"}}").last()).isTrue();
        assertThat(EventFacts.of("0:aaaa").taskId()).isNull();
        assertThat(EventFacts.of("{not json").taskId()).isNull();
        assertThat(EventFacts.of(null).taskId()).isNull();
        assertThat(EventFacts.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"message\":{\"messageId\":\"m\",\"parts\":[]}}}").taskId()).isNull();
    }
}
