package dev.acf.ans.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.acf.ans.resolve.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The detector on the public labelled sets, copied into the test resources (see {@code injection/NOTICE}). */
@Tag("it")
class InjectionEvaluationTest {
    static final Path DATA = Path.of(System.getProperty("acf.injection.data", "src/test/resources/injection"));

    @Test
    void opsMessagesMeetTheAcceptanceFloors() throws Exception {
        Path ops = DATA.resolve("ops-messages.jsonl");
        assumeTrue(Files.exists(ops), "no labelled ops messages at " + ops.toAbsolutePath());
        InjectionDetector detector = InjectionDetector.builder().embedder(new MiniLmEmbedder()).build();
        InjectionEvaluation.Result r = InjectionEvaluation.run(detector, InjectionEvaluation.read(ops));
        assertThat(r.messages()).isEqualTo(240);
        assertThat(r.balancedAccuracy()).as(r.toJson()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.fpr()).as(r.toJson()).isLessThanOrEqualTo(0.03);
    }

    @Test
    void theDeepsetFileIsReadWithNumericLabelsAndStaysAboveChance() throws Exception {
        Path deepset = DATA.resolve("deepset/deepset_prompt_injections_train.jsonl");
        assumeTrue(Files.exists(deepset), "no deepset file at " + deepset.toAbsolutePath());
        InjectionDetector detector = InjectionDetector.builder().embedder(new MiniLmEmbedder()).build();
        InjectionEvaluation.Result r = InjectionEvaluation.run(detector, InjectionEvaluation.read(deepset));
        assertThat(r.messages()).isEqualTo(546);
        assertThat(r.fpr()).as(r.toJson()).isLessThanOrEqualTo(0.03);
        assertThat(r.balancedAccuracy()).as(r.toJson()).isGreaterThan(0.6);
    }
}
