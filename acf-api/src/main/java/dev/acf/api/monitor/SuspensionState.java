package dev.acf.api.monitor;

import java.util.List;
import java.util.Objects;

/**
 * Every suspension in force at ANS, at a point of its change sequence: what a gateway applies
 * as a whole (ANS-MON-2). Immutable.
 *
 * @param sequence the number of the last suspend or lift, 0 before the first; ask for changes after it
 * @param suspensions the suspensions in force, oldest first
 */
public record SuspensionState(long sequence, List<Suspension> suspensions) {

    /** Copies the list. */
    public SuspensionState {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        suspensions = List.copyOf(Objects.requireNonNull(suspensions, "suspensions"));
    }
}
