package dev.acf.ans.sign;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a {@link KeyRing} in one JSON file readable only by its owner (mode 600):
 * <pre>
 * {"format":1,"keys":[{"created":"2026-...Z","retired":null,"jwk":{...private JWK...}}, ...]}
 * </pre>
 * Writes go to a temporary file in the same directory that is synced and then atomically
 * renamed over the old one, so a crash leaves either the old or the new ring, never half.
 */
final class KeyRingFile {
    static final String FILE_NAME = "ans-signing-keys.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    KeyRingFile(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    Optional<KeyRing> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> root = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<KeyRing.StoredKey> keys = new ArrayList<>();
            for (Object entry : JSONObjectUtils.getJSONArray(root, "keys")) {
                if (!(entry instanceof Map<?, ?> map)) {
                    throw new ParseException("a key entry is not an object", 0);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> key = (Map<String, Object>) map;
                keys.add(new KeyRing.StoredKey(JWK.parse(JSONObjectUtils.getJSONObject(key, "jwk")),
                        Instant.parse(JSONObjectUtils.getString(key, "created")),
                        instantOrNull(JSONObjectUtils.getString(key, "retired"))));
            }
            return Optional.of(new KeyRing(keys));
        } catch (IOException | ParseException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot read the ANS signing keys from " + file + ": " + e.getMessage(), e);
        }
    }

    private static @Nullable Instant instantOrNull(@Nullable String value) {
        return value == null ? null : Instant.parse(value);
    }

    void store(KeyRing ring) {
        List<Object> keys = new ArrayList<>();
        for (KeyRing.StoredKey key : ring.keys()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("created", key.created().toString());
            entry.put("retired", key.retired() == null ? null : key.retired().toString());
            entry.put("jwk", key.jwk().toJSONObject());
            keys.add(entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", 1);
        root.put("keys", keys);
        writeAtomically(JSONObjectUtils.toJSONString(root).getBytes(StandardCharsets.UTF_8));
    }

    private void writeAtomically(byte[] content) {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = POSIX
                    ? Files.createTempFile(directory, "." + FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(directory, "." + FILE_NAME, ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            syncDirectory(directory);
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot write the ANS signing keys to " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the original failure is what matters
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine there. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: Windows cannot sync a directory
        }
    }
}
