package dev.acf.ans.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;

/**
 * Fuzzes the JSON body of {@code POST /v1/agents} (REL-5): any bytes either read as a
 * {@link RegistrationRequest} that writes back to an equal request, or fail with an
 * {@link AcfException} answering 4xx.
 */
class RegistrationRequestFuzzTest {

    @FuzzTest
    void registrationBodiesReadOrFailWithAClientError(byte[] body) {
        RegistrationRequest request;
        try {
            request = AcfJson.read(body, RegistrationRequest.class);
        } catch (AcfException e) {
            assertThat(e.httpStatus()).as("%s: %s", e.code(), e.getMessage()).isBetween(400, 499);
            return;
        }
        if (request != null) {
            assertThat(AcfJson.read(AcfJson.writeBytes(request), RegistrationRequest.class)).isEqualTo(request);
        }
    }
}
