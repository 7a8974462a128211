package dev.acf.client.host;

import dev.acf.api.a2a.Task;
import dev.acf.api.error.ValidationException;
import java.util.Optional;

/**
 * Where an {@link AgentHost} keeps its tasks, for {@code GetTask}, {@code ListTasks},
 * {@code CancelTask} and the continuation of a task by a later message. The host writes every
 * change of a task (status, artifacts, history) with {@link #put}; one task's changes come one at
 * a time, in order. The default, {@link InMemoryTaskStore}, forgets the tasks on restart; a
 * durable store (a database, the gateway's session store) implements this interface and is
 * passed to {@link AgentHost.Builder#taskStore}. Implementations are thread-safe.
 */
public interface TaskStore {
    /** Returns the task with this id, if stored. */
    Optional<Task> get(String taskId);

    /** Stores a task, replacing the one with its id. */
    void put(Task task);

    /**
     * Returns a page of the stored tasks matching the query, most recently updated first.
     *
     * @throws ValidationException when the page token is not one this store issued
     */
    TaskPage list(TaskQuery query);
}
