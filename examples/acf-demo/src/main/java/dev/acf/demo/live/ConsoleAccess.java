package dev.acf.demo.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a person needs to open the live demo's operator console (ANS-MON-1): its address, the
 * file holding the ANS administrator token, and the id of the registration waiting in its
 * approval queue. Immutable.
 *
 * <pre>{@code
 * curl -H "Authorization: Bearer $(cat admin-token)" http://127.0.0.1:<port>/v1/graph
 * }</pre>
 *
 * @param console the console's address, {@code http://127.0.0.1:<port>/console/}
 * @param adminToken {@code admin-token}: the administrator token, readable by its owner only
 * @param pendingRequest the request id of the partner's registration held for approval
 */
public record ConsoleAccess(URI console, Path adminToken, String pendingRequest) {
    /** The file name of the administrator token. */
    public static final String ADMIN_TOKEN_FILE = "admin-token";

    static ConsoleAccess write(URI console, String token, String pendingRequest, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(ADMIN_TOKEN_FILE);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
            return new ConsoleAccess(console, file, pendingRequest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the administrator token into " + dir + ": " + e.getMessage(), e);
        }
    }
}
