package dev.acf.demo.network;

import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random numbers keyed by text, so a reading depends only on the seed
 * and what is read, never on how many readings came before it.
 */
final class Noise {
    private final long seed;

    Noise(long seed) {
        this.seed = seed;
    }

    /** Returns a number in [0, 1) fixed by the seed and {@code key}. */
    double unit(String key) {
        long mixed = seed * 0x9E3779B97F4A7C15L + key.hashCode() * 0xC2B2AE3D27D4EB4FL;
        return new SplittableRandom(mixed).nextDouble();
    }

    /** Returns an index in [0, bound) fixed by the seed and {@code key}. */
    int index(String key, int bound) {
        return (int) Math.floor(unit(key) * bound);
    }
}
