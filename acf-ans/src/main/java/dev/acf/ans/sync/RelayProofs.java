package dev.acf.ans.sync;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.AgentName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The origin-signed form of each imported record, kept so that this ANS can relay the record to
 * another peer unchanged ({@link Peer#relay()}): a change's single JWS, or its batched form with
 * its inclusion path. Kept in an append-only file, {@code <data>/peers/relay-proofs.log}, one line
 * {@code <name> <revision> <signed>} per imported change (tab separated), and indexed in memory by
 * name (file offsets only); a proof counts for the stored record only while the record is at the
 * revision it was written for, so a withdrawn record's tombstone, which this ANS wrote itself, has
 * none. A page's proofs are forced to disk before the importer writes its cursor
 * ({@link #force()}); a torn last line after a crash is cut off when opening.
 *
 * <p>Thread-safe.
 */
final class RelayProofs implements AutoCloseable {
    private record Entry(long revision, long offset, int length) {}

    private final Path file;
    private final FileChannel channel;
    private final Map<AgentName, Entry> index = new ConcurrentHashMap<>();
    private long end;
    private boolean empty;

    private RelayProofs(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (or creates) the proofs in {@code file} and indexes them. */
    static RelayProofs open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            RelayProofs proofs = new RelayProofs(file, channel);
            proofs.load();
            return proofs;
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot open the relay proofs " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        byte[] all = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, start, i - start, StandardCharsets.US_ASCII);
            int a = line.indexOf('\t');
            int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
            if (b > 0) {
                try {
                    index.put(AgentName.parse(line.substring(0, a)), new Entry(Long.parseLong(line.substring(a + 1, b)), start + b + 1, i - b - 1));
                } catch (RuntimeException e) {
                    // a line this version cannot read is skipped: the record is relayed again once re-imported
                }
            }
            start = i + 1;
        }
        end = start;
        empty = end == 0;
        channel.truncate(end); // a torn last line
    }

    /** Returns whether the file held no proof when opened: relaying was just turned on, or nothing was imported yet. */
    boolean startedEmpty() {
        return empty;
    }

    /** Records the signed form of a record at a revision of the store of imported records. */
    synchronized void put(AgentName name, long revision, String signed) {
        String head = name + "\t" + revision + "\t";
        byte[] line = (head + signed + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            long at = end;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            index.put(name, new Entry(revision, end + head.length(), line.length - head.length() - 1));
            end = at;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the relay proofs " + file, e);
        }
    }

    /** Returns the signed form of a record at this revision, if one was recorded for exactly that revision. */
    Optional<String> find(AgentName name, long revision) {
        Entry entry = index.get(name);
        if (entry == null || entry.revision() != revision) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate(entry.length());
        try {
            long at = entry.offset();
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    return Optional.empty();
                }
                at += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relay proofs " + file, e);
        }
        return Optional.of(new String(buffer.array(), StandardCharsets.US_ASCII));
    }

    /** Makes the proofs written so far durable. */
    void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the relay proofs " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
