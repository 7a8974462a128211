package dev.acf.gateway.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    static final String ALPHA = "ans://v1.0.0.alpha.ops.example.net";
    static final String RCA = "ans://v1.0.0.rca.ops.example.net";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final AnomalySettings settings = new AnomalySettings(true, Duration.ofSeconds(10), 0.3, Duration.ofSeconds(30), 4, 0.5, 1000, 8,
            Duration.ofMinutes(1));

    private List<AnomalyEvent> baseline(AnomalyDetector detector, String caller, int windows, int perWindow) {
        List<AnomalyEvent> raised = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (int i = 0; i < perWindow; i++) {
                raised.addAll(detector.call(caller, RCA));
            }
            clock.advance(Duration.ofSeconds(10));
        }
        return raised;
    }

    @Test
    void steadyTrafficRaisesNothingAndABurstIsFlaggedThenSuspended() {
        AnomalyDetector detector = new AnomalyDetector(settings, new SuspensionPolicy(10, 20, 0), clock);
        assertThat(baseline(detector, ALPHA, 5, 2)).isEmpty();
        assertThat(detector.baseline(ALPHA)).isBetween(1.5, 2.5);

        List<AnomalyEvent> raised = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            raised.addAll(detector.call(ALPHA, RCA));
        }

        assertThat(raised).extracting(AnomalyEvent::kind, AnomalyEvent::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AnomalyEvent.Kind.RATE_SPIKE, AnomalyEvent.Action.FLAGGED),
                org.assertj.core.groups.Tuple.tuple(AnomalyEvent.Kind.RATE_SPIKE, AnomalyEvent.Action.SUSPENDED));
        assertThat(raised.get(1).ruleId()).isEqualTo(AnomalyDetector.RATE_SPIKE);
        assertThat(raised.get(1).detail()).contains("calls in the current 10000 ms window");
    }

    @Test
    void nothingIsJudgedDuringTheWarmUp() {
        AnomalyDetector detector = new AnomalyDetector(settings, SuspensionPolicy.defaults(), clock);
        List<AnomalyEvent> raised = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            raised.addAll(detector.call(ALPHA, "ans://v1.0.0.t" + (i % 5) + ".ops.example.net"));
        }
        assertThat(raised).isEmpty();
    }

    @Test
    void aNewTargetAfterTheWarmUpIsFlaggedOnceAndThenLearned() {
        AnomalyDetector detector = new AnomalyDetector(settings, SuspensionPolicy.flagOnly(), clock);
        baseline(detector, ALPHA, 4, 2);
        String vault = "ans://v1.0.0.vault.ops.example.net";

        assertThat(detector.call(ALPHA, vault)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AnomalyEvent.Kind.NEW_TARGET);
            assertThat(e.action()).isEqualTo(AnomalyEvent.Action.FLAGGED);
            assertThat(e.target()).isEqualTo(vault);
        });
        assertThat(detector.call(ALPHA, vault)).isEmpty();
    }

    @Test
    void repeatedDeniedEdgesSuspendWhenThePolicySaysSo() {
        AnomalyDetector detector = new AnomalyDetector(settings, new SuspensionPolicy(0, 1, 3), clock);
        assertThat(detector.denied(ALPHA, RCA, "no-grant")).singleElement()
                .extracting(AnomalyEvent::ruleId).isEqualTo(AnomalyDetector.EDGE_NOT_GRANTED);
        assertThat(detector.denied(ALPHA, RCA, "no-grant")).isEmpty(); // same edge, within the cooldown
        assertThat(detector.denied(ALPHA, RCA, "no-grant")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AnomalyEvent.Action.SUSPENDED);
            assertThat(e.ruleId()).isEqualTo(AnomalyDetector.DENIED_EDGES);
        });
    }

    @Test
    void memoryStaysBoundedForManyCallers() {
        AnomalyDetector detector = new AnomalyDetector(settings, SuspensionPolicy.defaults(), clock);
        for (int i = 0; i < 50_000; i++) {
            detector.call("ans://v1.0.0.caller" + i + ".ops.example.net", RCA);
            if (i % 1000 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        assertThat(detector.trackedCallers()).isLessThanOrEqualTo(settings.maxCallers());
        // The most recent callers are the ones kept.
        assertThat(detector.baseline("ans://v1.0.0.caller49999.ops.example.net")).isNotNegative();
    }

    @Test
    void aForgivenCallerIsNotSuspendedAgainByTheSameBurst() {
        AnomalyDetector detector = new AnomalyDetector(settings, new SuspensionPolicy(10, 20, 0), clock);
        baseline(detector, ALPHA, 5, 2);
        List<AnomalyEvent> raised = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            raised.addAll(detector.call(ALPHA, RCA));
        }
        assertThat(raised).anyMatch(AnomalyEvent::suspended);

        detector.forgive(ALPHA);

        assertThat(detector.call(ALPHA, RCA)).isEmpty();
    }
}
