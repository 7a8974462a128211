package dev.acf.api.name;

import dev.acf.api.error.InvalidNameException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An agent name in the older ANS v1 shape,
 * {@code protocol://agentId.capability.provider.vX.Y.Z[,extension]}, e.g.
 * {@code a2a://chatbot.conversation.acme.v1.0.0} (API-2). Accepted as input and mapped to an
 * ANS v2 {@link AgentName} with {@link #toAgentName()}.
 *
 * <p>The mapping: the agent's host name is {@code agentid.capability.provider} in lower case,
 * the version is kept, and the protocol and extension stay here (they have no place in a v2
 * name; the protocol is a property of the agent's endpoints). The provider may span several
 * labels ({@code acme.example.com}). The original letter case is kept so that
 * {@link #toString()} gives back the text that was parsed. Immutable and thread-safe.
 *
 * <pre>{@code
 * LegacyAgentName v1 = LegacyAgentName.parse("a2a://textProcessor.DocumentTranslation.AcmeCorp.v2.1.0,hipaa");
 * v1.toAgentName(); // ans://v2.1.0.textprocessor.documenttranslation.acmecorp
 * }</pre>
 *
 * @param protocol the protocol scheme, lower case, such as {@code a2a} or {@code mcp}
 * @param agentId the agent's id (one DNS label)
 * @param capability the capability (one DNS label)
 * @param provider the provider (one or more DNS labels)
 * @param version the version
 * @param extension the optional extension after the comma, or {@code null}
 */
public record LegacyAgentName(String protocol, String agentId, String capability, String provider, Version version,
        @Nullable String extension) {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern VERSION_TAIL = Pattern.compile("\\.[vV](\\d+)\\.(\\d+)\\.(\\d+)$");

    /** Validates every part; the mapped v2 name must be valid too. */
    public LegacyAgentName {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(version, "version");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(protocol).matches() || protocol.equals(AgentName.SCHEME)) {
            throw new InvalidNameException("ANS v1 name: protocol '" + protocol + "' is not a valid scheme such as a2a or mcp");
        }
        if (agentId.contains(".")) {
            throw new InvalidNameException("ANS v1 name: agentId '" + agentId + "' must be one label");
        }
        if (capability.contains(".")) {
            throw new InvalidNameException("ANS v1 name: capability '" + capability + "' must be one label");
        }
        if (extension != null && !EXTENSION.matcher(extension).matches()) {
            throw new InvalidNameException("ANS v1 name: extension '" + extension
                    + "' must be letters, digits, '-' or '_' (at most 63)");
        }
        Fqdn.canonical(agentId + "." + capability + "." + provider, "ANS v1 name '" + agentId + "." + capability + "." + provider + "'", 3);
    }

    /**
     * Parses {@code protocol://agentId.capability.provider.vX.Y.Z[,extension]}.
     *
     * @throws InvalidNameException naming the offending part
     */
    public static LegacyAgentName parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > AgentName.MAX_TEXT_LENGTH) {
            throw new InvalidNameException("agent name is " + text.length() + " characters long, at most "
                    + AgentName.MAX_TEXT_LENGTH + " are allowed");
        }
        int sep = text.indexOf("://");
        if (sep <= 0) {
            throw new InvalidNameException("ANS v1 name '" + text + "' has no protocol; expected a2a://agentId.capability.provider.v1.0.0");
        }
        String protocol = text.substring(0, sep);
        String rest = text.substring(sep + 3);
        String extension = null;
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            extension = rest.substring(comma + 1);
            rest = rest.substring(0, comma);
        }
        Matcher m = VERSION_TAIL.matcher(rest);
        if (!m.find()) {
            throw new InvalidNameException("ANS v1 name '" + text + "' must end with a version .vMAJOR.MINOR.PATCH"
                    + " before any ',extension'");
        }
        Version version = Version.parse(m.group(1) + "." + m.group(2) + "." + m.group(3));
        String[] parts = rest.substring(0, m.start()).split("\\.", 3);
        if (parts.length < 3) {
            throw new InvalidNameException("ANS v1 name '" + text + "' needs agentId.capability.provider before the version, found "
                    + parts.length + " part(s)");
        }
        return new LegacyAgentName(protocol, parts[0], parts[1], parts[2], version, extension);
    }

    /** Returns the ANS v2 name this v1 name maps to. */
    public AgentName toAgentName() {
        return AgentName.of(agentId + "." + capability + "." + provider, version);
    }

    /** Returns the v1 text form, with the letter case it was given. */
    @Override
    public String toString() {
        return protocol + "://" + agentId + "." + capability + "." + provider + ".v" + version
                + (extension == null ? "" : "," + extension);
    }
}
