package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    /** Windows of 50 ms of 5 ms passes: the compiler is read once every ten passes or so. */
    private static final Duration WINDOW = Duration.ofMillis(50);

    @Test
    void aWarmUpThatWatchesTheCompilerEndsOnceItHasBeenQuietForSeveralWindowsInARow() {
        AtomicInteger passes = new AtomicInteger();
        // The compiler works through the first 40 passes (10 ms of compilation per 5 ms pass, as two compiler
        // threads do), is quiet for 10 (one window, not enough), busy again for 10, then quiet for good.
        AtomicLong compiled = new AtomicLong();
        Runnable pass = () -> {
            int n = passes.incrementAndGet();
            work(5);
            boolean busy = n <= 40 || (n > 50 && n <= 60);
            compiled.addAndGet(busy ? 10 : 0);
        };

        String line = WarmUp.untilCompiled(Duration.ofSeconds(30)).run(pass, compiled::get, WINDOW);

        // 60 passes, then the rest of a window the compiler was busy in and QUIET_WINDOWS quiet ones (a slow
        // pass may fill a window alone; a pass is never shorter than 5 ms).
        assertThat(passes.get()).isBetween(60 + WarmUp.QUIET_WINDOWS, 60 + 10 + 10 * WarmUp.QUIET_WINDOWS);
        assertThat(line).startsWith("warmed up: " + passes.get() + " unmeasured passes in ").endsWith(", until the JIT compiler was quiet");
    }

    @Test
    void aCompilerThatNeverQuietensEndsTheWarmUpAtItsLimit() {
        AtomicLong compiled = new AtomicLong();
        long start = System.nanoTime();

        String line = WarmUp.untilCompiled(Duration.ofMillis(300)).run(() -> {
            work(5);
            compiled.addAndGet(5);
        }, compiled::get, WINDOW);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(line).endsWith(", at the limit (the JIT compiler still busy)");
    }

    @Test
    void aFixedWarmUpRunsWholePassesForItsDurationWhateverTheCompilerDoes() {
        AtomicInteger passes = new AtomicInteger();
        long start = System.nanoTime();

        String line = WarmUp.fixed(Duration.ofMillis(100)).run(() -> {
            passes.incrementAndGet();
            work(5);
        }, () -> 0, WINDOW);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(passes.get()).isGreaterThanOrEqualTo(2);
        assertThat(line).matches("warmed up: " + passes.get() + " unmeasured passes in \\d+\\.\\d s");
    }

    @Test
    void noWarmUpRunsNothing() {
        AtomicInteger passes = new AtomicInteger();

        assertThat(WarmUp.NONE.run(passes::incrementAndGet)).isNull();
        assertThat(WarmUp.fixed(Duration.ZERO).run(passes::incrementAndGet, () -> 0, WINDOW)).isNull();
        assertThat(passes.get()).isZero();
    }

    @Test
    void aNegativeWarmUpIsRefusedAndEachSaysWhatItDoes() {
        assertThatThrownBy(() -> WarmUp.fixed(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(WarmUp.untilCompiled()).hasToString("until the JIT compiler is quiet (at most 120 s)");
        assertThat(WarmUp.fixed(Duration.ofSeconds(10))).hasToString("for 10 s");
        assertThat(WarmUp.NONE).hasToString("no warm-up");
    }

    /** Stands for a pass's searches: busy for that long, as they are (a pass is never shorter). */
    private static void work(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
