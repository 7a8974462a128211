package dev.acf.ans.sync;

import dev.acf.api.error.ValidationException;
import dev.acf.api.registry.Cursor;
import org.jspecify.annotations.Nullable;

/**
 * A cursor of the exported feed as {@link ChangeFeed} writes it; opaque to peers:
 * <ul>
 *   <li>{@code <position>@<policy>}: live changes after the position;</li>
 *   <li>{@code snapshot:<position>@<policy>}: a snapshot walked up to the position;</li>
 *   <li>{@code policy:<old policy>:<held>:<position>@<policy>}: the walk after an operator changed the
 *       peer's export policy, which withdraws what the old policy let the peer hold (as of change
 *       {@code held}) and the new one does not, and sends what the new one adds.</li>
 * </ul>
 * A position (and {@code held}) reads {@code <own>+<relayed>} for a peer this ANS relays imported
 * records to: {@code <relayed>} is the position in the store of imported records, walked after the
 * own store. {@code <policy>} is the {@link ExportPolicyHistory#fingerprint} of the policy the pages
 * were cut with; it may be missing (cursors of earlier versions), which reads as the current policy.
 */
record FeedCursor(Mode mode, long position, long relayed, long held, long relayedHeld, @Nullable String oldPolicy, @Nullable String policy) {
    enum Mode { LIVE, SNAPSHOT, TRANSITION }

    private static final String SNAPSHOT = "snapshot:";
    private static final String TRANSITION = "policy:";

    static FeedCursor parse(@Nullable String text) {
        if (text == null) {
            return new FeedCursor(Mode.SNAPSHOT, 0, 0, 0, 0, null, null);
        }
        try {
            int at = text.lastIndexOf('@');
            String policy = at < 0 ? null : text.substring(at + 1);
            String body = at < 0 ? text : text.substring(0, at);
            if (body.startsWith(SNAPSHOT)) {
                long[] p = positions(body.substring(SNAPSHOT.length()));
                return new FeedCursor(Mode.SNAPSHOT, p[0], p[1], 0, 0, null, policy);
            }
            if (body.startsWith(TRANSITION)) {
                String[] parts = body.substring(TRANSITION.length()).split(":", -1);
                if (parts.length != 3 || policy == null) {
                    throw new ValidationException("not a cursor of this feed: " + text);
                }
                long[] held = positions(parts[1]);
                long[] p = positions(parts[2]);
                return new FeedCursor(Mode.TRANSITION, p[0], p[1], held[0], held[1], parts[0], policy);
            }
            long[] p = positions(body);
            return new FeedCursor(Mode.LIVE, p[0], p[1], 0, 0, null, policy);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("not a cursor of this feed: " + text);
        }
    }

    private static long[] positions(String text) {
        int plus = text.indexOf('+');
        if (plus < 0) {
            return new long[] {Cursor.parse(text).position(), 0};
        }
        return new long[] {Cursor.parse(text.substring(0, plus)).position(), Cursor.parse(text.substring(plus + 1)).position()};
    }

    private static String positions(long own, long relayed, boolean relaying) {
        return relaying ? own + "+" + relayed : Long.toString(own);
    }

    /** Returns the cursor of the next page; {@code relaying} whether the peer gets relayed records (the cursor then carries both positions). */
    static String next(Mode mode, long position, long relayed, long held, long relayedHeld, @Nullable String oldPolicy, String policy,
            boolean more, boolean relaying) {
        String at = positions(position, relayed, relaying);
        return switch (more ? mode : Mode.LIVE) {
            case LIVE -> at + "@" + policy;
            case SNAPSHOT -> SNAPSHOT + at + "@" + policy;
            case TRANSITION -> TRANSITION + oldPolicy + ":" + positions(held, relayedHeld, relaying) + ":" + at + "@" + policy;
        };
    }
}
