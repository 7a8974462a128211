package dev.acf.gateway.filter;

import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The skills of the tasks callers started through this gateway: (caller, agent, task) to the
 * skill the task's first message named. A follow-up message on a task (one that asked for
 * input, say) carries the task id, and the task serves the skill it was started for, so the
 * follow-up need not name it again. Only authenticated callers' tasks are kept, each under its
 * own caller: another caller naming the same task id gets nothing. Bounded, the least recently
 * used forgotten first; kept by each gateway instance in memory. Thread-safe.
 */
final class TaskSkills {
    /** How many tasks are kept by default: a few megabytes. */
    static final int DEFAULT_CAPACITY = 100_000;

    private record Key(String caller, String agent, String task) {}

    private final Map<Key, String> skills;

    TaskSkills(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.skills = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the skill a task serves; ignored for an unauthenticated caller. */
    void remember(CallerIdentity caller, AgentName agent, String task, String skill) {
        if (!caller.isAuthenticated()) {
            return;
        }
        Key key = key(caller, agent, task);
        synchronized (skills) {
            skills.put(key, skill);
        }
    }

    /** Returns the skill the caller's task at the agent serves, or null when it is not known. */
    @Nullable String skillOf(CallerIdentity caller, AgentName agent, String task) {
        if (!caller.isAuthenticated()) {
            return null;
        }
        Key key = key(caller, agent, task);
        synchronized (skills) {
            return skills.get(key);
        }
    }

    /** Returns how many tasks are kept. */
    int size() {
        synchronized (skills) {
            return skills.size();
        }
    }

    private static Key key(CallerIdentity caller, AgentName agent, String task) {
        // Any version of the agent: a follow-up may address it with or without one.
        return new Key(caller.subject(), agent.withoutVersion().toString(), task);
    }
}
