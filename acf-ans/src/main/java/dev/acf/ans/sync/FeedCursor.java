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
 * {@code <policy>} is the {@link ExportPolicyHistory#fingerprint} of the policy the pages were cut with;
 * it may be missing (cursors of earlier versions), which reads as the current policy.
 */
record FeedCursor(Mode mode, long position, long held, @Nullable String oldPolicy, @Nullable String policy) {
    enum Mode { LIVE, SNAPSHOT, TRANSITION }

    private static final String SNAPSHOT = "snapshot:";
    private static final String TRANSITION = "policy:";

    static FeedCursor parse(@Nullable String text) {
        if (text == null) {
            return new FeedCursor(Mode.SNAPSHOT, 0, 0, null, null);
        }
        try {
            int at = text.lastIndexOf('@');
            String policy = at < 0 ? null : text.substring(at + 1);
            String body = at < 0 ? text : text.substring(0, at);
            if (body.startsWith(SNAPSHOT)) {
                return new FeedCursor(Mode.SNAPSHOT, position(body.substring(SNAPSHOT.length())), 0, null, policy);
            }
            if (body.startsWith(TRANSITION)) {
                String[] parts = body.substring(TRANSITION.length()).split(":", -1);
                if (parts.length != 3 || policy == null) {
                    throw new ValidationException("not a cursor of this feed: " + text);
                }
                return new FeedCursor(Mode.TRANSITION, position(parts[2]), position(parts[1]), parts[0], policy);
            }
            return new FeedCursor(Mode.LIVE, position(body), 0, null, policy);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("not a cursor of this feed: " + text);
        }
    }

    private static long position(String text) {
        return Cursor.parse(text).position();
    }

    /** Returns the cursor of the next page. */
    static String next(Mode mode, long position, long held, @Nullable String oldPolicy, String policy, boolean more) {
        return switch (more ? mode : Mode.LIVE) {
            case LIVE -> position + "@" + policy;
            case SNAPSHOT -> SNAPSHOT + position + "@" + policy;
            case TRANSITION -> TRANSITION + oldPolicy + ":" + held + ":" + position + "@" + policy;
        };
    }
}
