package dev.acf.ans.permission;

import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.Grant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable history of every grant: one JSON line per grant version in
 * {@code grants.jsonl}, appended and forced to disk before a change is acknowledged, so an
 * acknowledged change survives {@code kill -9}. A torn last line (a crash mid-append) is
 * dropped on open. Not thread-safe: {@link Permissions} serializes access.
 */
final class GrantLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrantLog.class);

    private final Path file;
    private final FileChannel channel;
    private final Map<String, List<Grant>> history = new LinkedHashMap<>();

    GrantLog(Path directory) {
        try {
            Files.createDirectories(directory);
            this.file = directory.resolve("grants.jsonl");
            long keep = load();
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Cut a torn tail so the next append starts on a line of its own.
            channel.truncate(keep);
            channel.position(keep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the grant log in " + directory, e);
        }
    }

    private long load() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long good = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (i > start) {
                try {
                    Grant g = AcfJson.read(java.util.Arrays.copyOfRange(bytes, start, i), Grant.class);
                    history.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(g);
                } catch (AcfException | IllegalArgumentException e) {
                    LOG.warn("grant log {}: unreadable line at byte {} skipped: {}", file, start, e.getMessage());
                }
            }
            start = i + 1;
            good = start;
        }
        if (good < bytes.length) {
            LOG.warn("grant log {}: a torn last line of {} bytes dropped", file, bytes.length - good);
        }
        return good;
    }

    /** Appends a grant version durably. */
    void append(Grant grant) {
        byte[] line = (AcfJson.writeString(grant) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the grant log " + file, e);
        }
        history.computeIfAbsent(grant.id(), k -> new ArrayList<>()).add(grant);
    }

    /** Returns every version of every grant, oldest first, by id. */
    Map<String, List<Grant>> history() {
        return history;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the grant log " + file, e);
        }
    }
}
