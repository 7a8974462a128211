package dev.acf.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes the gateway's request-target parser (REL-5): any target is either not an agent path, an
 * agent path whose name prints back to the same path, or refused with {@link InvalidNameException}.
 */
class AgentPathFuzzTest {

    @FuzzTest
    void targetsAreAgentPathsThatPrintBackOrFailWithInvalidName(byte[] input) {
        String target = new String(input, StandardCharsets.UTF_8);
        Optional<AgentPath> path;
        try {
            path = AgentPath.parse(target);
        } catch (InvalidNameException e) {
            assertThat(e.httpStatus()).isEqualTo(400);
            return;
        }
        if (path.isPresent()) {
            AgentPath parsed = path.get();
            assertThat(AgentPath.parse(AgentPath.of(parsed.name()) + parsed.rest())).contains(parsed);
        } else {
            assertThat(target).doesNotStartWith(AgentPath.PREFIX);
        }
    }
}
