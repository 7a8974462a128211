package dev.acf.client.host;

import dev.acf.api.a2a.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ListTasks} asks a {@link TaskStore} for: a page of tasks, most recently updated
 * first, optionally of one context and in one state. Immutable.
 *
 * @param contextId only tasks of this context, or all
 * @param state only tasks in this state, or all
 * @param pageSize the most tasks in the page, 1-100
 * @param pageToken where the page starts: the {@link TaskPage#nextPageToken()} of the page before,
 *     or null for the first page
 */
public record TaskQuery(@Nullable String contextId, @Nullable TaskState state, int pageSize, @Nullable String pageToken) {
    /** The page size when the caller names none. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** The largest page size. */
    public static final int MAX_PAGE_SIZE = 100;

    /** Validates the page size. */
    public TaskQuery {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1-" + MAX_PAGE_SIZE + ", was " + pageSize);
        }
    }

    /** Returns the first page of every task. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, DEFAULT_PAGE_SIZE, null);
    }
}
