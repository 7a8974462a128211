package dev.acf.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files so that a reader sees the old or the new contents, never a mix: the bytes go to
 * a temporary sibling, are forced to disk, then the sibling is renamed over the target. Private
 * files are created owner-only ({@code rw-------}) from the first byte, not chmod-ed afterwards.
 * Stateless and thread-safe (concurrent writers of one file: the last rename wins).
 */
public final class AtomicFiles {
    /** The suffix of a file written but not yet renamed into place. */
    public static final String PENDING_SUFFIX = ".next";

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private AtomicFiles() {}

    /** Returns whether the file system supports POSIX permissions. */
    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Returns the temporary sibling a file is staged in before {@link #commit}. */
    public static Path pending(Path target) {
        return target.resolveSibling(target.getFileName() + PENDING_SUFFIX);
    }

    /** Writes the bytes to the staging sibling of {@code target} and forces them to disk. */
    public static Path stage(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path staged = pending(target);
        Files.deleteIfExists(staged);
        FileAttribute<?>[] attributes = ownerOnly && posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(staged,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        return staged;
    }

    /** Renames a staged file over its target, atomically where the file system can. */
    public static void commit(Path target) throws IOException {
        Path staged = pending(target);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes a whole file atomically: {@link #stage} then {@link #commit}. */
    public static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        stage(target, bytes, ownerOnly);
        commit(target);
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename itself durable; not every platform lets a directory be opened.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data is on disk, only the name may roll back after a power cut
        }
    }
}
