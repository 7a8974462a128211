package dev.acf.ans.sync;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every export policy this ANS has served, by fingerprint, kept in a file so that after an operator
 * changes a peer's policy (and restarts) the feed still knows what the old one let the peer hold, and
 * withdraws exactly that. Thread-safe.
 */
final class ExportPolicyHistory {
    private static final Logger LOG = LoggerFactory.getLogger(ExportPolicyHistory.class);

    private final @Nullable Path file;
    private final Map<String, ExportPolicy> known = new ConcurrentHashMap<>();

    /** Loads the history from {@code file} (none: in memory only) and records the current policies. */
    ExportPolicyHistory(@Nullable Path file, List<ExportPolicy> current) {
        this.file = file;
        if (file != null && Files.exists(file)) {
            try {
                known.putAll(AcfJson.read(Files.readAllBytes(file), new TypeReference<Map<String, ExportPolicy>>() {}));
            } catch (IOException | AcfException e) {
                LOG.warn("cannot read the export policy history {}: {}; policy changes before now are not withdrawn", file, e.getMessage());
            }
        }
        boolean added = false;
        for (ExportPolicy policy : current) {
            added |= known.putIfAbsent(fingerprint(policy), policy) == null;
        }
        if (added && file != null) {
            write(file);
        }
    }

    /** Returns the policy of a fingerprint, if this ANS ever served it. */
    Optional<ExportPolicy> find(String fingerprint) {
        return Optional.ofNullable(known.get(fingerprint));
    }

    /** Returns a short stable fingerprint of a policy (hex of SHA-256 over its sorted parts). */
    static String fingerprint(ExportPolicy policy) {
        String canonical = String.join("\n", new TreeSet<>(policy.names())) + "\u0000" + String.join("\n", new TreeSet<>(policy.tags()))
                + "\u0000" + policy.maxClassification().name();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private void write(Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(tmp, AcfJson.writeBytes(new LinkedHashMap<>(known)));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the export policy history {}: {}", target, e.getMessage());
        }
    }
}
