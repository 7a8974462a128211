package dev.acf.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.monitor.InteractionFeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InteractionReportingSinkTest {
    private static AuditEvent call(int i) {
        return AuditEvent.builder("a2a.call").source("ans://v1.0.0.alpha.ops.example.net").destination("ans://v1.0.0.rca.ops.example.net")
                .requestId("r-" + i).status(200).build();
    }

    @Test
    void callsReachTheFeedInBatchesAndOtherEventsAreLeftOut() {
        List<AuditEvent> received = new CopyOnWriteArrayList<>();
        try (InteractionReportingSink sink = new InteractionReportingSink(received::addAll, 100)) {
            for (int i = 0; i < 50; i++) {
                sink.accept(call(i));
            }
            sink.accept(AuditEvent.builder("anomaly.flagged").source("x").destination("y").build());
            sink.accept(AuditEvent.builder("a2a.call").source("ans://v1.0.0.alpha.ops.example.net").build());

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent() == 50);
            assertThat(received).hasSize(50).allSatisfy(e -> assertThat(e.type()).isEqualTo("a2a.call"));
            assertThat(sink.dropped()).isZero();
        }
    }

    @Test
    void whenAnsIsDownEventsAreDroppedAndCountedAndAcceptNeverBlocks() throws Exception {
        CountDownLatch firstAttempt = new CountDownLatch(1);
        InteractionFeed down = events -> {
            firstAttempt.countDown();
            throw new UnavailableException("ANS unreachable");
        };
        try (InteractionReportingSink sink = new InteractionReportingSink(down, 10)) {
            sink.accept(call(0));
            assertThat(firstAttempt.await(10, TimeUnit.SECONDS)).isTrue();
            // The sender now pauses after the failure: the queue takes 10, the other 990 are dropped at once.
            for (int i = 1; i <= 1_000; i++) {
                sink.accept(call(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.dropped() >= 991);
            assertThat(sink.sent()).isZero();
        }
    }
}
