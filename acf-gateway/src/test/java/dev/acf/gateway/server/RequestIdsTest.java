package dev.acf.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.gateway.redact.Redactor;
import dev.acf.gateway.redact.Tally;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void idsAreSixteenHexDigitsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestIds.next();
            assertThat(id).matches("[0-9a-f]{16}").doesNotContainPattern("\\d{6}");
            ids.add(id);
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void anAnswerQuotingItsRequestIdIsNeverMaskedByRedaction() {
        // Plain random hex ids held a run of digits that redaction took for an IMSI or a phone number now and then.
        Redactor redactor = Redactor.builder().discover(false).build();
        for (int i = 0; i < 20_000; i++) {
            String text = "{\"echo\":\"" + RequestIds.next() + "\"}";
            assertThat(redactor.redact(text, "echo", ClassificationLevel.PUBLIC, new Tally())).isEqualTo(text);
        }
    }
}
