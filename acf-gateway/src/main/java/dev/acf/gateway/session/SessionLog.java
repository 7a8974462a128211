package dev.acf.gateway.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file of an {@link EmbeddedSessionStore}: {@code sessions.log}, one JSON object
 * per line, each a change ({@code op} = {@code event}, {@code checkpoint}, {@code link},
 * {@code remove}, or {@code counter} written by compaction). Compaction writes what is kept to
 * {@code sessions.log.tmp} and moves it over the log atomically. Not thread-safe: the store's
 * lock guards it.
 */
final class SessionLog {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLog.class);
    static final String FILE = "sessions.log";
    /** A log smaller than this is never compacted while running. */
    static final long MIN_COMPACT_BYTES = 8L * 1024 * 1024;

    private final Path file;
    private final boolean fsync;
    private FileChannel channel;
    private long size;

    /** What reading the log rebuilds, change by change. */
    interface Replay {
        void event(SessionEvent event);

        void counter(String sessionId, long next);

        void checkpoint(Checkpoint checkpoint);

        void link(String contextId, String sessionId);

        void remove(String sessionId);
    }

    /** Where a snapshot is written during compaction. */
    interface Writer {
        void event(SessionEvent event);

        void counter(String sessionId, long next);

        void checkpoint(Checkpoint checkpoint);

        void link(String contextId, String sessionId);
    }

    SessionLog(Path directory, boolean fsync) {
        this.file = directory.resolve(FILE);
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
            this.channel = open(file);
            this.size = channel.size();
        } catch (IOException e) {
            throw new ConfigurationException("cannot open the session log " + file + ": " + e.getMessage());
        }
    }

    private static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Reads every line; a line that cannot be read (torn by a crash) is skipped with a warning. */
    void replay(Replay to) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    apply(AcfJson.readTree(line.getBytes(StandardCharsets.UTF_8)), to);
                } catch (AcfException | IllegalArgumentException | NullPointerException e) {
                    LOG.warn("session log {}: line {} cannot be read and is skipped: {}", file, number, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the session log " + file + ": " + e.getMessage());
        }
    }

    private static void apply(JsonNode line, Replay to) {
        String session = line.path("session").asText(null);
        switch (line.path("op").asText("")) {
            case "event" -> to.event(new SessionEvent(session, line.path("seq").asLong(), line.path("type").asText(null),
                    line.path("data").asText(null), Instant.ofEpochMilli(line.path("time").asLong())));
            case "counter" -> to.counter(session, line.path("next").asLong());
            case "checkpoint" -> to.checkpoint(new Checkpoint(session, line.path("seq").asLong(),
                    Base64.getDecoder().decode(line.path("state").asText("")), Instant.ofEpochMilli(line.path("time").asLong())));
            case "link" -> to.link(line.path("context").asText(null), session);
            case "remove" -> to.remove(session);
            default -> throw new IllegalArgumentException("unknown op " + line.path("op"));
        }
    }

    void event(SessionEvent event) {
        write(eventLine(event));
    }

    void checkpoint(Checkpoint checkpoint) {
        write(checkpointLine(checkpoint));
    }

    void link(String contextId, String sessionId) {
        write(AcfJson.mapper().createObjectNode().put("op", "link").put("context", contextId).put("session", sessionId));
    }

    void remove(String sessionId) {
        write(AcfJson.mapper().createObjectNode().put("op", "remove").put("session", sessionId));
    }

    long size() {
        return size;
    }

    private static ObjectNode eventLine(SessionEvent event) {
        return AcfJson.mapper().createObjectNode().put("op", "event").put("session", event.sessionId()).put("seq", event.sequence())
                .put("type", event.type()).put("data", event.data()).put("time", event.time().toEpochMilli());
    }

    private static ObjectNode checkpointLine(Checkpoint checkpoint) {
        return AcfJson.mapper().createObjectNode().put("op", "checkpoint").put("session", checkpoint.taskId())
                .put("seq", checkpoint.sequence()).put("state", Base64.getEncoder().encodeToString(checkpoint.state()))
                .put("time", checkpoint.time().toEpochMilli());
    }

    private void write(ObjectNode line) {
        size += append(channel, line, fsync);
    }

    private static long append(FileChannel to, ObjectNode line, boolean fsync) {
        byte[] bytes = (AcfJson.writeString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                to.write(buffer);
            }
            if (fsync) {
                to.force(false);
            }
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session log", e);
        }
    }

    /** Replaces the log by a snapshot of what is kept. */
    void compact(Consumer<Writer> snapshot) {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] written = new long[1];
            snapshot.accept(new Writer() {
                @Override
                public void event(SessionEvent event) {
                    written[0] += append(out, eventLine(event), false);
                }

                @Override
                public void counter(String sessionId, long next) {
                    written[0] += append(out, AcfJson.mapper().createObjectNode().put("op", "counter").put("session", sessionId)
                            .put("next", next), false);
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    written[0] += append(out, checkpointLine(checkpoint), false);
                }

                @Override
                public void link(String contextId, String sessionId) {
                    written[0] += append(out, AcfJson.mapper().createObjectNode().put("op", "link").put("context", contextId)
                            .put("session", sessionId), false);
                }
            });
            out.force(true);
            channel.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = open(file);
            size = written[0];
        } catch (IOException e) {
            reopenAfterFailure();
            throw new UncheckedIOException("cannot compact the session log " + file, e);
        }
    }

    private void reopenAfterFailure() {
        if (!channel.isOpen()) {
            try {
                channel = open(file);
                size = channel.size();
            } catch (IOException again) {
                LOG.error("the session log {} cannot be reopened: {}", file, again.toString());
            }
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot close the session log {}: {}", file, e.toString());
        }
    }
}
