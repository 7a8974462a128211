package dev.acf.ans.register;

import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The durable approval queue: one JSON file per request under a directory, each written
 * atomically (temporary file, fsync, rename), so a crash never leaves half a request.
 * Thread-safe (writes are serialized); meant for the hundreds of requests an administrator
 * handles, not for millions.
 */
public final class PendingRequests {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

    private final Path directory;

    /** Opens (creating) the queue in a directory. */
    public PendingRequests(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the request directory " + directory, e);
        }
    }

    /** Stores a new or decided request, durably. */
    public synchronized void save(PendingRequest request) {
        Path target = file(request.id());
        Path temp = directory.resolve(request.id() + ".tmp");
        try {
            Files.write(temp, AcfJson.writeBytes(request));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store request " + request.id(), e);
        }
    }

    /** Returns a request by id. */
    public synchronized Optional<PendingRequest> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = file(id);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AcfJson.read(Files.readAllBytes(file), PendingRequest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read request " + id, e);
        }
    }

    /**
     * Returns a request by id or fails.
     *
     * @throws NotFoundException when there is none
     */
    public PendingRequest require(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("request id '" + id + "' is malformed");
        }
        return find(id).orElseThrow(() -> new NotFoundException("no request " + id));
    }

    /** Returns the requests in a status, oldest first. */
    public synchronized List<PendingRequest> list(PendingRequest.Status status) {
        List<PendingRequest> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                PendingRequest request = AcfJson.read(Files.readAllBytes(file), PendingRequest.class);
                if (request.status() == status) {
                    out.add(request);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list requests in " + directory, e);
        }
        out.sort(Comparator.comparing(PendingRequest::createdAt).thenComparing(PendingRequest::id));
        return out;
    }

    private Path file(String id) {
        return directory.resolve(id + ".json");
    }
}
