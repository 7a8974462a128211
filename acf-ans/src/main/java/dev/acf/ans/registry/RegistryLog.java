package dev.acf.ans.registry;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's files: an exclusive lock file and an append-only log of framed entries.
 *
 * <pre>
 * registry.log = header "ACFRLOG1" , frame*
 * frame        = magic (4 bytes "ACFE") | length (4, big-endian) | crc32c of length+payload (4) | payload (JSON)
 * </pre>
 *
 * <p>The magic lets recovery recognise frames behind a damaged one; the CRC covers the length
 * so a flipped length bit cannot make a wrong slice look valid. Appends and reads are
 * positional, so one appender and many readers can use the channel at once.
 */
final class RegistryLog implements AutoCloseable {
    static final String LOG_FILE = "registry.log";
    static final String LOCK_FILE = "registry.lock";
    static final int HEADER_SIZE = 8;
    static final int FRAME_OVERHEAD = 12;
    /** Far above any real record; bounds what a corrupt length can make recovery allocate. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryLog.class);
    private static final byte[] HEADER = "ACFRLOG1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC = 0x41434645; // "ACFE"
    /** Beyond this, a damaged tail is kept aside whole instead of searched for frames. */
    private static final long MAX_TAIL_SCAN = 64L * 1024 * 1024;

    /** Receives each valid frame during replay, in file order. */
    @FunctionalInterface
    interface FrameVisitor {
        void visit(long offset, int frameLength, byte[] payload);
    }

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel channel;
    private long end;

    private RegistryLog(Path directory, FileChannel lockChannel, FileLock lock, FileChannel channel, long end) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.channel = channel;
        this.end = end;
    }

    /**
     * Locks the directory, opens (or creates) the log, replays every valid frame into the
     * visitor and truncates a damaged tail.
     *
     * @throws ConfigurationException when another process (or store) holds the directory, or
     *     the log is not one of ours, or the visitor refuses a frame whose checksum is valid
     */
    static RegistryLog open(Path directory, FrameVisitor visitor) {
        FileChannel lockChannel = null;
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                String holder = readHolder(lockChannel);
                lockChannel.close();
                throw new ConfigurationException("registry directory " + directory.toAbsolutePath()
                        + " is in use by another registry store" + holder
                        + "; an embedded registry can be opened by one process at a time (use the JDBC store to share one)");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);

            Path file = directory.resolve(LOG_FILE);
            boolean created = !Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.size() < HEADER_SIZE) {
                writeHeader(channel, file);
            } else {
                checkHeader(channel, file);
            }
            if (created) {
                syncDirectory(directory);
            }
            long end = replay(channel, file, visitor);
            return new RegistryLog(directory, lockChannel, lock, channel, end);
        } catch (IOException e) {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw new ConfigurationException(ErrorCode.CONFIGURATION,
                    "cannot open the registry in " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    Path directory() {
        return directory;
    }

    /** Returns the offset the next frame is written at. Called by the single appender only. */
    long end() {
        return end;
    }

    /** Writes frames at the end of the log (not yet durable: call {@link #force()}). */
    void append(List<ByteBuffer> frames) throws IOException {
        ByteBuffer[] buffers = frames.toArray(ByteBuffer[]::new);
        long position = end;
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
                position += channel.write(b, position);
            }
        }
        end = position;
    }

    /** Makes every appended frame durable: fdatasync, which also persists the file's new size. */
    void force() throws IOException {
        channel.force(false);
    }

    /** Reads back the payload of a frame written earlier, checking its checksum. */
    byte[] read(long offset, int frameLength) {
        ByteBuffer frame = ByteBuffer.allocate(frameLength);
        try {
            while (frame.hasRemaining()) {
                if (channel.read(frame, offset + frame.position()) < 0) {
                    throw new IOException("end of file at offset " + (offset + frame.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry log " + directory.resolve(LOG_FILE) + " at offset " + offset, e);
        }
        byte[] bytes = frame.array();
        byte[] payload = checkedPayload(bytes, 0, bytes.length);
        if (payload == null) {
            throw new IllegalStateException("the registry log " + directory.resolve(LOG_FILE) + " is damaged at offset " + offset
                    + " (checksum mismatch in an entry that was valid when written)");
        }
        return payload;
    }

    /** Frames a payload: magic, length, checksum, bytes. */
    static ByteBuffer frame(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_OVERHEAD + payload.length);
        frame.putInt(MAGIC).putInt(payload.length).putInt(crc(payload.length, payload, 0, payload.length)).put(payload);
        return frame.flip();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing the registry log in {} failed: {}", directory, e.toString());
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the registry lock in {} failed", directory, e);
        }
        closeQuietly(lockChannel);
    }

    private static long replay(FileChannel channel, Path file, FrameVisitor visitor) throws IOException {
        long size = channel.size();
        long offset = HEADER_SIZE;
        ByteBuffer head = ByteBuffer.allocate(FRAME_OVERHEAD);
        while (offset < size) {
            @Nullable String damage = null;
            if (size - offset < FRAME_OVERHEAD) {
                damage = "a partial frame header";
            } else {
                readFully(channel, head.clear(), offset);
                int magic = head.getInt(0);
                int length = head.getInt(4);
                if (magic != MAGIC) {
                    damage = "no frame marker";
                } else if (length < 0 || length > MAX_PAYLOAD || length > size - offset - FRAME_OVERHEAD) {
                    damage = "a frame length of " + length + " that does not fit";
                } else {
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(channel, payload, offset + FRAME_OVERHEAD);
                    if (crc(length, payload.array(), 0, length) != head.getInt(8)) {
                        damage = "a checksum mismatch";
                    } else {
                        visitor.visit(offset, FRAME_OVERHEAD + length, payload.array());
                        offset += FRAME_OVERHEAD + length;
                        continue;
                    }
                }
            }
            truncateTail(channel, file, offset, size, damage);
            break;
        }
        return offset;
    }

    /**
     * Drops a damaged tail. After a crash only the last, unacknowledged group commit can be
     * damaged, so the tail normally holds no valid frame and goes with a warning. If valid frames
     * do follow the damage (media corruption, or a crash that persisted a batch's pages out of
     * order), the tail is copied aside before truncation and reported as an error: the feed must
     * never skip over a hole, and nothing readable is destroyed without a trace.
     */
    private static void truncateTail(FileChannel channel, Path file, long offset, long size, String damage) throws IOException {
        long tail = size - offset;
        int validAfter = tail <= MAX_TAIL_SCAN ? countFramesIn(channel, offset, size) : -1;
        if (validAfter == 0) {
            LOG.warn("Registry log {}: dropping a torn tail of {} bytes at offset {} ({}); it held no complete entry",
                    file, tail, offset, damage);
        } else {
            Path aside = file.resolveSibling(file.getFileName() + ".discarded-" + offset);
            try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long copied = 0;
                while (copied < tail) {
                    copied += channel.transferTo(offset + copied, tail - copied, out);
                }
                out.force(true);
            }
            LOG.error("Registry log {} is damaged at offset {} ({}) and {} valid-looking entries follow; the log is cut there"
                    + " and the {} bytes after it are kept in {} for inspection", file, offset, damage,
                    validAfter < 0 ? "possibly some" : validAfter, tail, aside);
        }
        channel.truncate(offset);
        channel.force(true);
    }

    private static int countFramesIn(FileChannel channel, long from, long size) throws IOException {
        byte[] tail = new byte[(int) (size - from)];
        readFully(channel, ByteBuffer.wrap(tail), from);
        int found = 0;
        for (int i = 1; i + FRAME_OVERHEAD <= tail.length; i++) {
            if (ByteBuffer.wrap(tail, i, 4).getInt() == MAGIC) {
                int length = ByteBuffer.wrap(tail, i + 4, 4).getInt();
                if (length >= 0 && length <= tail.length - i - FRAME_OVERHEAD
                        && checkedPayload(tail, i, FRAME_OVERHEAD + length) != null) {
                    found++;
                }
            }
        }
        return found;
    }

    /** Returns the payload of a frame at {@code bytes[from..from+frameLength)}, or null when it is not valid. */
    private static byte @Nullable [] checkedPayload(byte[] bytes, int from, int frameLength) {
        ByteBuffer b = ByteBuffer.wrap(bytes, from, frameLength);
        if (frameLength < FRAME_OVERHEAD || b.getInt() != MAGIC) {
            return null;
        }
        int length = b.getInt();
        int crc = b.getInt();
        if (length != frameLength - FRAME_OVERHEAD || crc(length, bytes, from + FRAME_OVERHEAD, length) != crc) {
            return null;
        }
        return Arrays.copyOfRange(bytes, from + FRAME_OVERHEAD, from + frameLength);
    }

    private static int crc(int length, byte[] payload, int from, int count) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(0, length));
        crc.update(payload, from, count);
        return (int) crc.getValue();
    }

    private static void writeHeader(FileChannel channel, Path file) throws IOException {
        if (channel.size() > 0) {
            LOG.warn("Registry log {} has a partial header ({} bytes) from an interrupted creation; rewriting it", file, channel.size());
            channel.truncate(0);
        }
        ByteBuffer header = ByteBuffer.wrap(HEADER);
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.force(true);
    }

    private static void checkHeader(FileChannel channel, Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        readFully(channel, header, 0);
        if (!Arrays.equals(header.array(), HEADER)) {
            throw new ConfigurationException(file + " is not an ACF registry log (unknown header); refusing to touch it");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + buffer.position()));
            }
        }
    }

    /** Makes the new log file's directory entry durable; not every platform can, which is fine there. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot fsync directory {} on this platform", directory, e);
        }
    }

    private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another store in this very JVM
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = channel.read(b, 0);
            String text = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
