package dev.acf.demo.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link Trace} that keeps every event in order and can echo each rendered line as it
 * arrives (progress on a terminal). Thread-safe; an echo that throws is ignored, so a broken
 * terminal never breaks a run.
 *
 * <pre>{@code
 * TraceLog log = new TraceLog(System.out::println);
 * ...
 * String text = log.render();
 * }</pre>
 */
public final class TraceLog implements Trace {
    private final List<TraceEvent> events = new ArrayList<>();
    private final Consumer<String> echo;

    /** Creates a log that only keeps events. */
    public TraceLog() {
        this(line -> { });
    }

    /** Creates a log that keeps events and passes each rendered line to {@code echo}. */
    public TraceLog(Consumer<String> echo) {
        this.echo = Objects.requireNonNull(echo, "echo");
    }

    @Override
    public void record(TraceEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (events) {
            events.add(event);
        }
        try {
            echo.accept(event.render());
        } catch (RuntimeException ignored) {
            // progress output is best effort
        }
    }

    /** Returns a snapshot of the events so far, in order. */
    public List<TraceEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Returns the events so far rendered one per line, each line ending with a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (TraceEvent event : events()) {
            out.append(event.render()).append('\n');
        }
        return out.toString();
    }
}
