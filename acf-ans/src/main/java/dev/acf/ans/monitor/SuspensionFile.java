package dev.acf.ans.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.monitor.SuspensionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The suspensions in force and the change sequence, in {@code suspensions.json}: rewritten
 * whole at every change (a temporary file, synced, then moved atomically), so a crash leaves
 * the old or the new state, never half of one. Suspensions are few; the file stays small.
 * Not thread-safe: {@link Monitor} serializes the calls.
 */
final class SuspensionFile {
    static final String NAME = "suspensions.json";

    private final Path file;

    SuspensionFile(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        this.file = directory.resolve(NAME);
    }

    SuspensionState read() {
        if (!Files.exists(file)) {
            return new SuspensionState(0, List.of());
        }
        try {
            JsonNode root = AcfJson.readTree(Files.readAllBytes(file));
            List<Suspension> list = new ArrayList<>();
            for (JsonNode node : root.path("suspensions")) {
                list.add(AcfJson.read(AcfJson.writeBytes(node), Suspension.class));
            }
            return new SuspensionState(root.path("sequence").asLong(0), list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void write(SuspensionState state) {
        Path temp = file.resolveSibling(NAME + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(AcfJson.writeBytes(state)));
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
