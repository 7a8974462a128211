package dev.acf.ans.resolve;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long an evaluation runs its queries unmeasured before it measures them, so that its
 * latencies are those of a warm process, as PERF-1 measures them. The JIT compiler takes a
 * while to compile the search code: on a machine of two cores 30-40 s, during which each
 * compilation takes a core from the searches. A fixed warm-up either measures the compiler on
 * such a machine or waits for nothing on a larger one, so the default one watches the compiler
 * and stops once it has been quiet for a few seconds.
 *
 * @param limit how long the warm-up lasts (whole passes; none when zero) or, when it watches the
 *     compiler, the longest it may last
 * @param watchesCompiler whether it ends as soon as the JIT compiler is quiet
 */
public record WarmUp(Duration limit, boolean watchesCompiler) {
    /** No warm-up: the first pass is measured. */
    public static final WarmUp NONE = new WarmUp(Duration.ZERO, false);

    /** The default longest warm-up that watches the compiler: the compiler is never quite idle, so it ends somewhere. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(120);
    /**
     * The share of wall time under which the compiler counts as quiet: once the search code is
     * compiled, a trickle of small compilations of rarely taken paths goes on for minutes.
     * Measured on two cores over the public set: the compiler's time falls from over 100% of
     * wall time (two compiler threads) in the first seconds to 10-25% after 20-30 s, and is
     * under 5% most seconds from about 45 s.
     */
    static final double QUIET_SHARE = 0.05;
    /** How many windows in a row the compiler must be quiet, so one calm second amid compilations does not end the warm-up. */
    static final int QUIET_WINDOWS = 3;
    /** How long the compiler is watched at a time: whole passes of at least this long. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** The fixed warm-up in a JVM that does not report its compilation time. */
    static final Duration WITHOUT_MONITORING = Duration.ofSeconds(30);

    /** Checks the limit. */
    public WarmUp {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + limit);
        }
    }

    /** Returns a warm-up of whole passes for at least {@code duration}; none when it is zero. */
    public static WarmUp fixed(Duration duration) {
        return new WarmUp(duration, false);
    }

    /** Returns a warm-up that ends once the JIT compiler is quiet, or after {@code limit}. */
    public static WarmUp untilCompiled(Duration limit) {
        return new WarmUp(limit, true);
    }

    /** Returns the default warm-up: until the JIT compiler is quiet, for at most {@link #DEFAULT_LIMIT}. */
    public static WarmUp untilCompiled() {
        return untilCompiled(DEFAULT_LIMIT);
    }

    /** Says what the warm-up does, for a progress line. */
    @Override
    public String toString() {
        if (limit.isZero()) {
            return "no warm-up";
        }
        return watchesCompiler ? "until the JIT compiler is quiet (at most " + limit.toSeconds() + " s)" : "for " + limit.toSeconds() + " s";
    }

    /** Runs {@code pass} as this warm-up says; returns a line saying what it did, or null when it ran nothing. */
    @Nullable String run(Runnable pass) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (watchesCompiler && (jit == null || !jit.isCompilationTimeMonitoringSupported())) {
            Duration fixed = limit.compareTo(WITHOUT_MONITORING) < 0 ? limit : WITHOUT_MONITORING;
            String line = fixed(fixed).run(pass, () -> 0, WINDOW);
            return line == null ? null : line + " (this JVM does not report its compilation time)";
        }
        return run(pass, watchesCompiler ? jit::getTotalCompilationTime : () -> 0, WINDOW);
    }

    /**
     * Runs {@code pass} as this warm-up says, reading the compiler's accumulated time in
     * milliseconds from {@code compiledMillis} once per {@code window} of whole passes.
     */
    @Nullable String run(Runnable pass, LongSupplier compiledMillis, Duration window) {
        if (limit.isZero()) {
            return null;
        }
        long start = System.nanoTime();
        long windowStart = start;
        long compiledBefore = compiledMillis.getAsLong();
        int passes = 0;
        int quiet = 0;
        boolean settled = false;
        long now;
        do {
            pass.run();
            passes++;
            now = System.nanoTime();
            if (watchesCompiler && now - windowStart >= window.toNanos()) {
                long compiled = compiledMillis.getAsLong();
                double share = (compiled - compiledBefore) / ((now - windowStart) / 1e6);
                quiet = share < QUIET_SHARE ? quiet + 1 : 0;
                windowStart = now;
                compiledBefore = compiled;
                settled = quiet >= QUIET_WINDOWS;
            }
        } while (!settled && now - start < limit.toNanos());
        String line = String.format(Locale.ROOT, "warmed up: %d unmeasured pass%s in %.1f s", passes, passes == 1 ? "" : "es", (now - start) / 1e9);
        if (!watchesCompiler) {
            return line;
        }
        return line + (settled ? ", until the JIT compiler was quiet" : ", at the limit (the JIT compiler still busy)");
    }
}
