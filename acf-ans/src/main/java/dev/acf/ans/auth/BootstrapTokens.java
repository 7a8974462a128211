package dev.acf.ans.auth;

import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The bootstrap tokens a domain accepts for registration (REL-6): nothing registers without
 * one. A one-time token works once, ever: its use is written to disk (fsync) before the
 * registration proceeds, so a restart does not revive it. A reusable token works until it is
 * removed from the configuration.
 *
 * <p>Thread-safe: two registrations racing with the same one-time token see exactly one success.
 *
 * <pre>{@code
 * BootstrapTokens tokens = BootstrapTokens.open(dataDir.resolve("tokens"),
 *         Map.of(Secret.of("fleet-token-0123456789"), BootstrapTokens.Use.REUSABLE));
 * tokens.consume(bearerTokenFromRequest);
 * }</pre>
 */
public final class BootstrapTokens {
    /** How often a token may be used. */
    public enum Use {
        /** Once; then refused forever. */
        ONE_TIME,
        /** Any number of times. */
        REUSABLE,
        /**
         * Any number of times, but every registration it brings waits as {@code PENDING} for an
         * administrator (ANS-REG-4) whatever the domain's approval policy: for agents from a
         * less trusted source, such as a partner's fleet, beside the operator's own.
         */
        REVIEWED
    }

    private static final String USED_FILE = "used-one-time-tokens";

    private final Map<Secret, Use> tokens;
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private final @Nullable Path usedFile;

    private BootstrapTokens(Map<Secret, Use> tokens, @Nullable Path usedFile, Set<String> alreadyUsed) {
        this.tokens = Map.copyOf(tokens);
        this.usedFile = usedFile;
        this.used.addAll(alreadyUsed);
    }

    /**
     * Opens the tokens with a directory that remembers consumed one-time tokens.
     *
     * @param directory where the record of used one-time tokens is kept (created if needed)
     */
    public static BootstrapTokens open(Path directory, Map<Secret, Use> tokens) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(USED_FILE);
            Set<String> alreadyUsed = new HashSet<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank()) {
                        alreadyUsed.add(line.trim());
                    }
                }
            }
            return new BootstrapTokens(tokens, file, alreadyUsed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the token directory " + directory, e);
        }
    }

    /** Returns tokens that keep their one-time uses in memory only (tests, throwaway servers). */
    public static BootstrapTokens inMemory(Map<Secret, Use> tokens) {
        return new BootstrapTokens(tokens, null, Set.of());
    }

    /**
     * Accepts a presented token, consuming it when it is one-time.
     *
     * @return how the accepted token may be used
     * @throws AuthenticationException when no token is presented, it is unknown, or a one-time
     *     token was used before
     */
    public Use consume(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new AuthenticationException("registration needs a bootstrap token: Authorization: Bearer <token>");
        }
        for (Map.Entry<Secret, Use> entry : tokens.entrySet()) {
            if (entry.getKey().matches(presented)) {
                if (entry.getValue() == Use.ONE_TIME) {
                    markUsed(entry.getKey().fingerprint());
                }
                return entry.getValue();
            }
        }
        throw new AuthenticationException(ErrorCode.UNAUTHENTICATED, "the bootstrap token is not valid for this domain");
    }

    private void markUsed(String fingerprint) {
        if (!used.add(fingerprint)) {
            throw new AuthenticationException(ErrorCode.UNAUTHENTICATED, "the one-time bootstrap token was already used");
        }
        if (usedFile != null) {
            synchronized (this) {
                try (FileChannel channel = FileChannel.open(usedFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    channel.write(ByteBuffer.wrap((fingerprint + "\n").getBytes(StandardCharsets.US_ASCII)));
                    channel.force(true);
                } catch (IOException e) {
                    used.remove(fingerprint);
                    throw new UncheckedIOException("cannot record the use of a one-time token", e);
                }
            }
        }
    }

    /** Returns how many tokens are configured. */
    public int size() {
        return tokens.size();
    }

    /** Returns the fingerprints of the one-time tokens used so far. */
    public List<String> usedFingerprints() {
        return List.copyOf(used);
    }
}
