package dev.acf.demo.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.acf.api.json.AcfJson;
import dev.acf.demo.agent.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what a run produced into an output directory, for people and tools:
 *
 * <pre>
 * trace.txt        the phase-by-phase trace, as printed
 * trace.json       the same events as JSON (kind, actor, target, intent, message, attributes)
 * calls.json       every call: caller, callee, intent, resolution candidates with scores, A2A context id
 * graph.dot        who called whom, from the gateway's audit events (dot -Tsvg graph.dot > graph.svg)
 * graph.json       the same graph as JSON
 * resolution.json  each intent of the scenario, where resolution sent it, and the accuracy
 * outcome.json     the scenario's outcome
 * </pre>
 *
 * The gateway's own audit log ({@code audit.jsonl}) goes to the directory given to
 * {@link DemoStack.Builder#auditDirectory}.
 */
public final class RunFiles {
    private RunFiles() {}

    /**
     * Writes the files into {@code dir} (created if missing) and returns their paths.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static List<Path> write(Path dir, DemoRun<?> run, List<TraceEvent> trace, ResolutionReport resolution) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder();
            trace.forEach(event -> text.append(event.render()).append('\n'));
            written.add(write(dir.resolve("trace.txt"), text.toString()));
            written.add(write(dir.resolve("trace.json"), json(trace)));
            written.add(write(dir.resolve("calls.json"), json(run.calls())));
            InteractionGraph graph = run.graph();
            written.add(write(dir.resolve("graph.dot"), graph.toDot()));
            written.add(write(dir.resolve("graph.json"), graph.toJson()));
            written.add(write(dir.resolve("resolution.json"), json(resolution)));
            written.add(write(dir.resolve("outcome.json"), json(run.outcome())));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's files into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return AcfJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }
}
