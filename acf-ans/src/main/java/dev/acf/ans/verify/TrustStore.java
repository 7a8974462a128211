package dev.acf.ans.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.verify.TrustProfile;
import dev.acf.api.verify.TrustSummary;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The trust profiles of a domain's agents (ANS-MON-3), one per agent version, and the ids of
 * the grants ANS made for its probe, kept in {@code profiles.json} under a directory (written
 * whole and atomically on each change) so a restart keeps them. Reads are lock-free;
 * thread-safe.
 */
public final class TrustStore {
    private static final String FILE = "profiles.json";

    /** What the file holds. */
    record Contents(List<TrustProfile> profiles, Map<String, String> probeGrants) {}

    private final Path file;
    private final Map<AgentName, TrustProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, String> probeGrants = new ConcurrentHashMap<>();

    /**
     * Opens the store in a directory, creating it when missing.
     *
     * @throws UnavailableException when the file cannot be read
     */
    public TrustStore(Path directory) {
        this.file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
            if (Files.exists(file)) {
                Contents c = AcfJson.read(Files.readAllBytes(file), new TypeReference<Contents>() { });
                c.profiles().forEach(p -> profiles.put(p.agent(), p));
                probeGrants.putAll(c.probeGrants());
            }
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot read the trust profiles at " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns the profile of an agent version, if it was ever verified. */
    public Optional<TrustProfile> find(AgentName agent) {
        return Optional.ofNullable(profiles.get(agent));
    }

    /** Returns the profile of an agent version, or the never-verified profile. */
    public TrustProfile profile(AgentName agent) {
        TrustProfile p = profiles.get(agent);
        return p != null ? p : TrustProfile.never(agent);
    }

    /** Returns the summary of an agent version. */
    public TrustSummary summary(AgentName agent) {
        TrustProfile p = profiles.get(agent);
        return p != null ? p.summary() : TrustSummary.never();
    }

    /** Returns the verified skills of an agent version (empty when none). */
    public Set<String> verifiedSkills(AgentName agent) {
        TrustProfile p = profiles.get(agent);
        return p == null ? Set.of() : Set.copyOf(p.verifiedSkills());
    }

    /** Returns every agent version with a profile. */
    public Set<AgentName> agents() {
        return Set.copyOf(profiles.keySet());
    }

    /** Stores a profile durably; returns the one it replaced, if any. */
    public synchronized @Nullable TrustProfile put(TrustProfile profile) {
        TrustProfile old = profiles.put(profile.agent(), profile);
        save();
        return old;
    }

    /** Returns the id of the probe grant made for an agent (by name without version), if any. */
    @Nullable String probeGrant(AgentName agent) {
        return probeGrants.get(agent.withoutVersion().toString());
    }

    /** Records (or with {@code null}, forgets) the probe grant of an agent, durably. */
    synchronized void probeGrant(AgentName agent, @Nullable String grantId) {
        if (grantId == null) {
            probeGrants.remove(agent.withoutVersion().toString());
        } else {
            probeGrants.put(agent.withoutVersion().toString(), grantId);
        }
        save();
    }

    private void save() {
        Map<String, String> grants = new LinkedHashMap<>(probeGrants);
        byte[] json = AcfJson.writeBytes(new Contents(List.copyOf(profiles.values()), grants));
        Path temp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.write(temp, json);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "cannot write the trust profiles at " + file + ": " + e.getMessage(), e);
        }
    }
}
