package dev.acf.client.host;

import dev.acf.api.a2a.Task;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a {@link TaskQuery}'s answer. Immutable.
 *
 * @param tasks the tasks, most recently updated first
 * @param nextPageToken the token of the next page, or null when this is the last
 * @param totalSize how many tasks match the query in all
 */
public record TaskPage(List<Task> tasks, @Nullable String nextPageToken, int totalSize) {
    /** Copies the list. */
    public TaskPage {
        tasks = List.copyOf(tasks);
        if (totalSize < tasks.size()) {
            throw new IllegalArgumentException("total size " + totalSize + " is smaller than the page's " + tasks.size());
        }
    }
}
