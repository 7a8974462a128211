package dev.acf.api.name;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.acf.api.error.InvalidNameException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The globally unique, DNS-anchored name of an agent, in the ANS v2 shape (API-2):
 * {@code ans://v{MAJOR.MINOR.PATCH}.{agent FQDN}}, e.g.
 * {@code ans://v1.2.0.rca.broadband.ops.example.net}.
 *
 * <p>The version may be left out ({@code ans://rca.broadband.ops.example.net}); such a name
 * resolves to the newest compatible active version. The first label of the agent's host
 * name may therefore not itself look like a version ({@code v} followed by digits).
 *
 * <p>{@link #parse(String)} also accepts the older ANS v1 shape
 * {@code protocol://agentId.capability.provider.vX.Y.Z[,extension]} and maps it to
 * {@code ans://vX.Y.Z.agentid.capability.provider} (see {@link LegacyAgentName}).
 *
 * <p>Names are canonical: lower case, internationalized labels in their ASCII form, so
 * {@code parse(name.toString()).equals(name)} always holds. Parsing is strict and every
 * refusal is an {@link InvalidNameException} whose message names the offending part.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * AgentName rca = AgentName.parse("ans://v1.2.0.rca.broadband.ops.example.net");
 * rca.version();        // 1.2.0
 * rca.fqdn();           // rca.broadband.ops.example.net
 * rca.withoutVersion(); // ans://rca.broadband.ops.example.net
 * }</pre>
 *
 * @param version the version, or {@code null} for "the newest compatible version"
 * @param fqdn the agent's fully qualified host name, canonical, at least three labels
 */
public record AgentName(@Nullable Version version, String fqdn) {
    /** The URI scheme of ANS v2 names. */
    public static final String SCHEME = "ans";
    /** The longest name text {@link #parse(String)} reads, to bound work on hostile input. */
    public static final int MAX_TEXT_LENGTH = 512;

    private static final String PREFIX = SCHEME + "://";

    /** Validates and canonicalizes the host name. */
    public AgentName {
        Objects.requireNonNull(fqdn, "fqdn");
        fqdn = Fqdn.canonical(fqdn, "agent host name '" + fqdn + "'", 3);
        String first = fqdn.substring(0, fqdn.indexOf('.'));
        if (looksLikeVersion(first)) {
            throw new InvalidNameException("agent host name '" + fqdn + "': the first label '" + first
                    + "' looks like a version; a version is written as vMAJOR.MINOR.PATCH");
        }
    }

    /** Returns the name of the given version of the agent at {@code fqdn}. */
    public static AgentName of(String fqdn, Version version) {
        return new AgentName(Objects.requireNonNull(version, "version"), fqdn);
    }

    /** Returns the version-less name of the agent at {@code fqdn}. */
    public static AgentName of(String fqdn) {
        return new AgentName(null, fqdn);
    }

    /**
     * Parses an ANS v2 name, or an ANS v1 name which is mapped to v2.
     *
     * @throws InvalidNameException naming the offending part
     */
    @JsonCreator
    public static AgentName parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidNameException("agent name is " + text.length() + " characters long, at most " + MAX_TEXT_LENGTH + " are allowed");
        }
        int sep = text.indexOf("://");
        if (sep < 0) {
            throw new InvalidNameException("agent name '" + text + "' has no scheme; expected ans://v1.0.0.agent.example.net");
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals(SCHEME)) {
            return LegacyAgentName.parse(text).toAgentName();
        }
        String rest = text.substring(sep + 3);
        checkNoUriParts(text, rest);
        String[] labels = rest.split("\\.", 5);
        if (labels.length >= 4 && looksLikeVersion(labels[0])) {
            Version version = Version.parse(labels[0] + "." + labels[1] + "." + labels[2]);
            return new AgentName(version, rest.substring(labels[0].length() + labels[1].length() + labels[2].length() + 3));
        }
        if (looksLikeVersion(labels[0])) {
            throw new InvalidNameException("agent name '" + text + "': the version must be vMAJOR.MINOR.PATCH followed by the agent host name");
        }
        return new AgentName(null, rest);
    }

    /** Returns true when the text parses as an agent name, without saying why not. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidNameException e) {
            return false;
        }
    }

    private static void checkNoUriParts(String text, String rest) {
        if (rest.isEmpty()) {
            throw new InvalidNameException("agent name '" + text + "' has no host name after '" + PREFIX + "'");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            String part = switch (c) {
                case '/' -> "a path";
                case '?' -> "a query";
                case '#' -> "a fragment";
                case ':' -> "a port";
                case '@' -> "user information";
                default -> null;
            };
            if (part != null) {
                throw new InvalidNameException("agent name '" + text + "' must not carry " + part + " ('" + c + "' at position "
                        + (PREFIX.length() + i + 1) + ")");
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidNameException("agent name '" + text + "' contains white space or a control character at position "
                        + (PREFIX.length() + i + 1));
            }
        }
    }

    static boolean looksLikeVersion(String label) {
        if (label.length() < 2 || (label.charAt(0) != 'v' && label.charAt(0) != 'V')) {
            return false;
        }
        for (int i = 1; i < label.length(); i++) {
            if (label.charAt(i) < '0' || label.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Returns the version, when the name has one. */
    public Optional<Version> versionIfPresent() {
        return Optional.ofNullable(version);
    }

    /** Returns true when the name carries a version. */
    public boolean hasVersion() {
        return version != null;
    }

    /** Returns this agent's name at another version. */
    public AgentName withVersion(Version newVersion) {
        return new AgentName(Objects.requireNonNull(newVersion, "newVersion"), fqdn);
    }

    /** Returns this agent's name without a version. */
    public AgentName withoutVersion() {
        return version == null ? this : new AgentName(null, fqdn);
    }

    /** Returns the first label of the host name: the agent's own part, such as {@code rca}. */
    public String agentLabel() {
        return fqdn.substring(0, fqdn.indexOf('.'));
    }

    /** Returns true when the agent's host name lies inside the domain. */
    public boolean isWithin(Domain domain) {
        return domain.contains(this);
    }

    /** Returns the name as a URI. */
    public URI toUri() {
        return URI.create(toString());
    }

    /** Returns the canonical text form, {@code ans://v1.2.0.rca.broadband.ops.example.net}. */
    @JsonValue
    @Override
    public String toString() {
        return version == null ? PREFIX + fqdn : PREFIX + "v" + version + "." + fqdn;
    }
}
