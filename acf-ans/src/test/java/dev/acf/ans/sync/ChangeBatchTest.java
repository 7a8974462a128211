package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeBatchTest {

    private static List<byte[]> payloads(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("change " + i).getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void everyChangeOfABatchOfAnySizeProvesItsInclusion() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> payloads = payloads(n);
            ChangeBatch batch = ChangeBatch.of(payloads);
            for (int i = 0; i < n; i++) {
                assertThat(ChangeBatch.verifyInclusion(i, n, ChangeBatch.leafHash(payloads.get(i)), batch.path(i), batch.root()))
                        .as("leaf %d of %d", i, n).isTrue();
            }
        }
    }

    @Test
    void anAlteredPayloadOrAnotherPositionFailsTheProof() {
        List<byte[]> payloads = payloads(11);
        ChangeBatch batch = ChangeBatch.of(payloads);
        byte[] altered = "change 4, altered".getBytes(StandardCharsets.UTF_8);
        assertThat(ChangeBatch.verifyInclusion(4, 11, ChangeBatch.leafHash(altered), batch.path(4), batch.root())).isFalse();
        assertThat(ChangeBatch.verifyInclusion(5, 11, ChangeBatch.leafHash(payloads.get(4)), batch.path(4), batch.root())).isFalse();
        assertThat(ChangeBatch.verifyInclusion(11, 11, ChangeBatch.leafHash(payloads.get(4)), batch.path(4), batch.root())).isFalse();
    }
}
