package dev.acf.client.host;

import dev.acf.api.a2a.Task;
import dev.acf.api.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link TaskStore}: tasks in memory, at most {@code capacity} of them. When full,
 * the least recently updated task that has ended (completed, failed, canceled, rejected) is
 * forgotten first, then the least recently updated of any. Listing sorts the matching tasks, so
 * it costs O(n log n) in the number stored. Thread-safe.
 */
public final class InMemoryTaskStore implements TaskStore {
    private record Stored(Task task, long revision) {}

    private final int capacity;
    /** In update order: the first entry is the least recently updated. */
    private final LinkedHashMap<String, Stored> tasks = new LinkedHashMap<>();
    private long revisions;

    /** Creates a store of at most 10,000 tasks. */
    public InMemoryTaskStore() {
        this(10_000);
    }

    /** Creates a store of at most {@code capacity} tasks. */
    public InMemoryTaskStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("task store capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized Optional<Task> get(String taskId) {
        Stored stored = tasks.get(Objects.requireNonNull(taskId, "taskId"));
        return stored == null ? Optional.empty() : Optional.of(stored.task());
    }

    @Override
    public synchronized void put(Task task) {
        Objects.requireNonNull(task, "task");
        tasks.remove(task.id());
        tasks.put(task.id(), new Stored(task, ++revisions));
        if (tasks.size() > capacity) {
            evictOne();
        }
    }

    private void evictOne() {
        for (Iterator<Stored> it = tasks.values().iterator(); it.hasNext(); ) {
            if (it.next().task().status().state().isTerminal()) {
                it.remove();
                return;
            }
        }
        tasks.pollFirstEntry();
    }

    @Override
    public TaskPage list(TaskQuery query) {
        Objects.requireNonNull(query, "query");
        long before = query.pageToken() == null ? Long.MAX_VALUE : revision(query.pageToken());
        List<Stored> matching = new ArrayList<>();
        synchronized (this) {
            for (Stored stored : tasks.values()) {
                Task task = stored.task();
                if ((query.contextId() == null || query.contextId().equals(task.contextId()))
                        && (query.state() == null || query.state() == task.status().state())) {
                    matching.add(stored);
                }
            }
        }
        matching.sort(Comparator.comparingLong(Stored::revision).reversed());
        List<Task> page = new ArrayList<>(query.pageSize());
        long last = 0;
        boolean more = false;
        for (Stored stored : matching) {
            if (stored.revision() >= before) {
                continue;
            }
            if (page.size() == query.pageSize()) {
                more = true;
                break;
            }
            page.add(stored.task());
            last = stored.revision();
        }
        return new TaskPage(page, more ? token(last) : null, matching.size());
    }

    /** Returns how many tasks are stored. */
    public synchronized int size() {
        return tasks.size();
    }

    private static String token(long revision) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r" + revision).getBytes(StandardCharsets.US_ASCII));
    }

    private static long revision(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (text.startsWith("r")) {
                return Long.parseLong(text.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // reported below, without echoing internals
        }
        throw new ValidationException("the page token is not one this agent issued");
    }

    @Override
    public String toString() {
        return "InMemoryTaskStore[" + size() + "/" + capacity + "]";
    }
}
