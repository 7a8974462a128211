package dev.acf.ans.audit;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ANS's append-only, tamper-evident audit log (ANS-LIFE-4): one JSON line per entry in
 * {@code <dataDirectory>/}{@value #FILE_NAME}, each entry holding its sequence number, time,
 * record (who, what, target, outcome, request hash, details), the hash of the entry before it
 * and its own hash (see {@link AuditEntry}).
 *
 * <pre>
 *  entry 0            entry 1            entry 2
 *  prev = 000..0      prev = hash(0)     prev = hash(1)
 *  hash = H(0 w/o hash)  ...
 * </pre>
 *
 * <p>{@link #append} writes and fsyncs the line before it returns, so an acknowledged entry
 * survives a crash; a torn last line left by a crash (never acknowledged) is cut off when the
 * log is reopened, and the chain continues from the last whole entry. {@link #verify()} walks
 * the file and reports the first entry that was changed, removed, reordered or cut off.
 *
 * <p>The lines are also the leaves of an RFC 9162 Merkle tree: {@link #rootHash()} is the
 * tree head, {@link #inclusionProof} proves one entry is in it, and the static
 * {@link #verifyInclusion} checks such a proof without the log.
 *
 * <p>Thread-safe: appends are serialized in sequence order on this instance's monitor;
 * {@link #verify()} reads the file without holding it. Writes use blocking file I/O that
 * thread interruption cannot abort half-way.
 *
 * <pre>{@code
 * try (AuditLog log = AuditLog.open(Path.of("ans-data"))) {
 *     log.append(AuditRecord.of(admin, "agent.revoke", name, "ok").withRequestBody(body));
 *     VerificationResult result = log.verify();
 * }
 * }</pre>
 */
public final class AuditLog implements AutoCloseable {
    /** The file name inside the data directory. */
    public static final String FILE_NAME = "audit-log.jsonl";
    /** The longest line an entry may take, in bytes. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Clock clock;
    private final RandomAccessFile out;
    private final MerkleTree tree = new MerkleTree();
    private long length;
    private long nextSequence;
    private String headHash = AuditEntry.GENESIS;
    private boolean closed;
    /** Serializes fsyncs; held without the log's own lock so appends go on meanwhile. */
    private final Object syncMonitor = new Object();
    /** How much of the file is known to be on disk; guarded by {@link #syncMonitor}. */
    private long syncedLength;
    /** Why a failed fsync stopped all further appends, or {@code null}; guarded by {@code this}. */
    private @Nullable String broken;

    private AuditLog(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.out = new RandomAccessFile(file.toFile(), "rw");
        try {
            recover();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Opens (or creates) the log in a directory, timed by the system clock. */
    public static AuditLog open(Path dataDirectory) {
        return open(dataDirectory, Clock.systemUTC());
    }

    /**
     * Opens (or creates) the log in a directory and continues its chain.
     *
     * @throws ConfigurationException when the file cannot be opened or its last entry is damaged
     */
    public static AuditLog open(Path dataDirectory, Clock clock) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDirectory);
            createOwnerOnly(file);
            return new AuditLog(file, clock);
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException ignored) {
            // another opener won the race; fine
        }
    }

    private void recover() throws IOException {
        long size = out.length();
        byte[] last = null;
        long wholeLines = 0;
        try (LineScanner lines = new LineScanner(file, size, MAX_LINE_BYTES)) {
            for (LineScanner.Line line = lines.next(); line != null; line = lines.next()) {
                if (!line.complete()) {
                    break;
                }
                byte[] read = line.bytes();
                byte[] bytes = read == null ? new byte[0] : read;
                tree.append(bytes);
                last = bytes;
                wholeLines = line.end();
            }
        }
        if (wholeLines < size) {
            LOG.warn("audit log {} ends with {} bytes of an unfinished entry (interrupted write); cutting them off",
                    file, size - wholeLines);
            out.setLength(wholeLines);
            out.getFD().sync();
        }
        length = wholeLines;
        if (last != null) {
            try {
                AuditEntry head = EntryCodec.parse(last);
                nextSequence = head.sequence() + 1;
                headHash = head.hash();
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("the last entry of the audit log " + file
                        + " is damaged (" + e.getMessage() + "): the chain cannot be continued; inspect it with verify()");
            }
        }
    }

    /**
     * Appends a record as the next entry and makes it durable (fsync) before returning.
     *
     * @return the entry as stored
     * @throws UnavailableException when the file cannot be written; nothing was appended
     * @throws IllegalStateException when the log is closed
     */
    public AuditEntry append(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        AuditEntry entry;
        long end;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the audit log " + file + " is closed");
            }
            if (broken != null) {
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "the audit log " + file + " failed to sync earlier: " + broken);
            }
            Instant time = clock.instant();
            entry = new AuditEntry(nextSequence, time, record, headHash, EntryCodec.hash(nextSequence, time, record, headHash));
            byte[] line = EntryCodec.line(entry);
            if (line.length > MAX_LINE_BYTES) {
                throw new IllegalArgumentException("audit entry of " + line.length + " bytes exceeds " + MAX_LINE_BYTES);
            }
            byte[] withNewline = Arrays.copyOf(line, line.length + 1);
            withNewline[line.length] = '\n';
            try {
                out.seek(length);
                out.write(withNewline);
            } catch (IOException e) {
                try {
                    out.setLength(length);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot write the audit log " + file + ": " + e.getMessage(), e);
            }
            length += withNewline.length;
            end = length;
            nextSequence++;
            headHash = entry.hash();
            tree.append(line);
        }
        syncThrough(end);
        return entry;
    }

    /**
     * Makes everything up to {@code end} durable. Group commit: appenders that arrive while an
     * fsync runs are covered by the next one, which syncs all they wrote, so concurrent
     * operations share fsyncs instead of paying one each.
     */
    private void syncThrough(long end) {
        synchronized (syncMonitor) {
            if (syncedLength >= end) {
                return;
            }
            long target;
            synchronized (this) {
                target = length;
            }
            try {
                out.getFD().sync();
            } catch (IOException e) {
                synchronized (this) {
                    broken = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
                throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot sync the audit log " + file + ": " + e.getMessage(), e);
            }
            syncedLength = target;
        }
    }

    /** Returns the number of entries appended (the next sequence number). */
    public synchronized long size() {
        return nextSequence;
    }

    /** Returns the log file. */
    public Path file() {
        return file;
    }

    /**
     * Walks the whole file and checks every entry: well-formed and canonical, sequence numbers
     * from 0 without gaps, each entry's hash over its contents, each link to the entry before,
     * and that the file still ends with the last entry this instance wrote. Appends may go on
     * meanwhile; entries appended after the call began are not checked.
     *
     * @return intact, or the first broken entry's sequence number and the reason
     * @throws UnavailableException when the file cannot be read
     */
    public VerificationResult verify() {
        long limit;
        long expectedEntries;
        String expectedHead;
        synchronized (this) {
            limit = length;
            expectedEntries = nextSequence;
            expectedHead = headHash;
        }
        long expected = 0;
        String previous = AuditEntry.GENESIS;
        try (LineScanner lines = new LineScanner(file, limit, MAX_LINE_BYTES)) {
            for (LineScanner.Line line = lines.next(); line != null; line = lines.next()) {
                Checked checked = check(line, expected, previous);
                if (checked.problem() != null) {
                    return VerificationResult.broken(expected, expected, checked.problem());
                }
                previous = checked.hash();
                expected++;
            }
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        if (expected < expectedEntries) {
            return VerificationResult.broken(expected, expected,
                    "log truncated: it ends after " + expected + " entries, " + expectedEntries + " were written");
        }
        if (!previous.equals(expectedHead)) {
            return VerificationResult.broken(expected - 1, expected - 1, "the last entry is not the one written last");
        }
        return VerificationResult.ok(expected);
    }

    /** The outcome of checking one line: the entry's hash, or what is wrong with it. */
    private record Checked(String hash, @Nullable String problem) {
        static Checked bad(String problem) {
            return new Checked("", problem);
        }
    }

    private static Checked check(LineScanner.Line line, long expected, String previous) {
        byte[] bytes = line.bytes();
        if (!line.complete()) {
            return Checked.bad("the last line is unfinished");
        }
        if (bytes == null) {
            return Checked.bad("the line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        AuditEntry entry;
        try {
            entry = EntryCodec.parse(bytes);
        } catch (IllegalArgumentException e) {
            return Checked.bad("the line is not a valid entry: " + e.getMessage());
        }
        if (entry.sequence() != expected) {
            return Checked.bad("expected entry " + expected + " but found entry " + entry.sequence()
                    + (entry.sequence() > expected ? ": an entry was deleted or moved" : ": entries were reordered or duplicated"));
        }
        if (!Arrays.equals(EntryCodec.line(entry), bytes)) {
            return Checked.bad("the line is not in canonical form: it was edited");
        }
        if (!EntryCodec.hash(entry.sequence(), entry.time(), entry.record(), entry.previousHash()).equals(entry.hash())) {
            return Checked.bad("the entry's hash does not match its contents: it was altered");
        }
        if (!entry.previousHash().equals(previous)) {
            return Checked.bad("the link to entry " + (expected - 1) + " is broken: its previous hash does not match");
        }
        return new Checked(entry.hash(), null);
    }

    /** Returns the Merkle tree head over all entries, as lower-case hex (RFC 9162 MTH). */
    public synchronized String rootHash() {
        return HEX.formatHex(tree.root());
    }

    /** Returns the Merkle tree head over the first {@code treeSize} entries. */
    public synchronized String rootHash(long treeSize) {
        return HEX.formatHex(tree.root(treeSize));
    }

    /** Returns the proof that entry {@code sequence} is in the tree of all current entries. */
    public synchronized InclusionProof inclusionProof(long sequence) {
        return inclusionProof(sequence, tree.size());
    }

    /** Returns the proof that entry {@code sequence} is in the tree of the first {@code treeSize} entries. */
    public synchronized InclusionProof inclusionProof(long sequence, long treeSize) {
        List<String> path = tree.inclusionPath(sequence, treeSize).stream().map(HEX::formatHex).toList();
        return new InclusionProof(sequence, treeSize, path);
    }

    /** Returns the Merkle leaf hash of an entry, {@code SHA-256(0x00 || line)}, as hex. */
    public static String leafHash(AuditEntry entry) {
        return HEX.formatHex(MerkleTree.leafHash(EntryCodec.line(entry)));
    }

    /**
     * Checks an inclusion proof (RFC 9162 section 2.1.3.2): whether the leaf with this hash is
     * at {@code proof.leafIndex()} in the tree whose head is {@code rootHash}. Malformed hex
     * makes the answer false.
     */
    public static boolean verifyInclusion(String leafHash, InclusionProof proof, String rootHash) {
        Objects.requireNonNull(proof, "proof");
        try {
            List<byte[]> path = proof.path().stream().map(HEX::parseHex).toList();
            return MerkleTree.verifyInclusion(proof.leafIndex(), proof.treeSize(), HEX.parseHex(leafHash), path,
                    HEX.parseHex(rootHash));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Closes the file; idempotent. Appends afterwards fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing the audit log {} failed: {}", file, e.toString());
        }
    }
}
