package dev.acf.ans.ca;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only text file of CA records, one per line, each prefixed by its CRC-32C:
 * {@code <crc> <record>\n}. {@link #append} returns once the line is on disk. Concurrent
 * appenders share one fsync (group commit): whoever syncs forces every line written so far, so
 * under load the cost of an fsync is spread over many records.
 *
 * <p>A crash can leave a torn last line; opening the log drops it (it was never acknowledged).
 * A bad line before the last one is damage, not a crash, and fails the open. The file is locked
 * against a second process. Thread-safe.
 */
final class StateLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateLog.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private volatile long written;
    private volatile long synced;
    private final List<String> initialRecords;

    private StateLog(Path file, FileChannel channel, FileLock lock, long length, List<String> records) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.written = length;
        this.synced = length;
        this.initialRecords = List.copyOf(records);
    }

    /** Opens (or creates) the log, locks it and reads its records. */
    static StateLog open(Path file) {
        FileChannel channel = null;
        try {
            boolean created = !Files.exists(file);
            channel = FileChannel.open(file, PrivateFiles.ownerOnlyOptions(), PrivateFiles.ownerOnly());
            if (created) {
                PrivateFiles.forceDirectory(file.toAbsolutePath().getParent());
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ConfigurationException("CA state " + file + " is in use by another CA instance or process");
            }
            List<String> records = new ArrayList<>();
            long good = read(file, channel, records);
            if (good < channel.size()) {
                LOG.warn("CA state {}: dropping a torn last record ({} bytes) left by a crash", file, channel.size() - good);
                channel.truncate(good);
                channel.force(true);
            }
            channel.position(good);
            return new StateLog(file, channel, lock, good, records);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new AcfException(ErrorCode.INTERNAL, "cannot open CA state " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Returns the records found when the log was opened, oldest first. */
    List<String> records() {
        return initialRecords;
    }

    /** Appends one record and returns when it is durable. */
    void append(String record) {
        if (record.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a record is one line");
        }
        byte[] body = record.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer line = ByteBuffer.allocate(body.length + 10);
        line.put(HEX.toHexDigits((int) crc.getValue()).getBytes(StandardCharsets.US_ASCII)).put((byte) ' ').put(body).put((byte) '\n').flip();
        long end;
        writeLock.lock();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            end = written + line.limit();
            written = end;
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot append to CA state " + file + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
        sync(end);
    }

    private void sync(long upTo) {
        if (synced >= upTo) {
            return;
        }
        syncLock.lock();
        try {
            if (synced >= upTo) {
                return;
            }
            long target = written;
            channel.force(false);
            synced = target;
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot force CA state " + file + " to disk: " + e.getMessage(), e);
        } finally {
            syncLock.unlock();
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("releasing the lock on {}", file, e);
        }
        closeQuietly(channel);
    }

    /** Reads well-formed lines into {@code records}; returns the length of the good prefix. */
    private static long read(Path file, FileChannel channel, List<String> records) throws IOException {
        byte[] all = new byte[Math.toIntExact(channel.size())];
        ByteBuffer buffer = ByteBuffer.wrap(all);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // positional reads until full
        }
        int start = 0;
        while (start < all.length) {
            int end = start;
            while (end < all.length && all[end] != '\n') {
                end++;
            }
            boolean last = end >= all.length - 1;
            String line = new String(all, start, end - start, StandardCharsets.UTF_8);
            String record = end < all.length ? verified(line) : null;
            if (record == null) {
                if (last) {
                    return start;
                }
                throw new ConfigurationException("CA state " + file + " is damaged at byte " + start
                        + " (a record before the last one fails its checksum); restore it from a backup");
            }
            records.add(record);
            start = end + 1;
        }
        return start;
    }

    private static @Nullable String verified(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        String body = line.substring(9);
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        try {
            return HexFormat.fromHexDigits(line, 0, 8) == (int) crc.getValue() ? body : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a CA state channel", e);
            }
        }
    }
}
