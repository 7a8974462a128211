package dev.acf.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorBody;

/**
 * Fuzzes the JSON codec every HTTP API reads bodies with (REL-5): any bytes either read or fail
 * with an {@link AcfException} whose code maps to a 4xx, never a 5xx or an unchecked Jackson or
 * JDK exception.
 */
class AcfJsonFuzzTest {

    @FuzzTest
    void anyBodyReadsOrFailsWithAClientError(byte[] body) {
        try {
            AcfJson.readTree(body);
        } catch (AcfException e) {
            assertClientError(e);
        }
        try {
            AgentRecord record = AcfJson.read(body, AgentRecord.class);
            assertThat(AcfJson.read(AcfJson.writeBytes(record), AgentRecord.class)).isEqualTo(record);
        } catch (AcfException e) {
            assertClientError(e);
        }
        try {
            ErrorBody error = AcfJson.read(body, ErrorBody.class);
            assertThat(AcfJson.read(AcfJson.writeBytes(error), ErrorBody.class)).isEqualTo(error);
        } catch (AcfException e) {
            assertClientError(e);
        }
    }

    static void assertClientError(AcfException e) {
        assertThat(e.httpStatus()).as("status of %s", e.code()).isBetween(400, 499);
    }
}
