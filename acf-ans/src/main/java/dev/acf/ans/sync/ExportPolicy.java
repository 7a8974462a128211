package dev.acf.ans.sync;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Capability;
import dev.acf.api.security.ClassificationLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one peer domain may see of this ANS's agents through the change feed (ANS-SYNC-2). A
 * record is exported when all three hold:
 * <ul>
 *   <li>{@code names}: empty, or a glob ({@code *} any run of characters) matches the agent's
 *       host name (its name without scheme and version, {@code rca.broadband.ops.example.net})
 *       or its domain;</li>
 *   <li>{@code tags}: empty, or one of the agent's skill tags is in the set;</li>
 *   <li>{@code maxClassification} permits the agent's classification: the highest
 *       {@code classification:<level>} skill tag it declares ({@code classification:public}),
 *       {@link ClassificationLevel#INTERNAL} when it declares none.</li>
 * </ul>
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ExportPolicy policy = ExportPolicy.builder().names("*.broadband.ops.example.net").tags("diagnostics")
 *         .maxClassification(ClassificationLevel.PUBLIC).build();
 * }</pre>
 *
 * @param names host-name or domain globs; empty exports every name
 * @param tags skill tags of which one is required; empty requires none
 * @param maxClassification the most sensitive classification exported
 */
public record ExportPolicy(List<String> names, Set<String> tags, ClassificationLevel maxClassification) {
    /** The tag prefix that declares an agent's classification. */
    public static final String CLASSIFICATION_TAG = "classification:";

    /** Copies the lists. */
    public ExportPolicy {
        names = List.copyOf(names);
        tags = Set.copyOf(tags);
        Objects.requireNonNull(maxClassification, "maxClassification");
    }

    /** Returns the policy that exports every agent classified up to {@code INTERNAL}. */
    public static ExportPolicy defaults() {
        return new ExportPolicy(List.of(), Set.of(), ClassificationLevel.INTERNAL);
    }

    /** Returns a builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns true when this policy lets the record be exported. */
    public boolean permits(AgentRecord record) {
        if (!maxClassification.permits(classificationOf(record))) {
            return false;
        }
        if (!tags.isEmpty() && record.capabilities().stream().flatMap(c -> c.tags().stream()).noneMatch(tags::contains)) {
            return false;
        }
        if (names.isEmpty()) {
            return true;
        }
        String host = record.name().fqdn();
        String domain = record.domain().name();
        for (String glob : names) {
            Pattern pattern = glob(glob);
            if (pattern.matcher(host).matches() || pattern.matcher(domain).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Returns an agent's classification: its highest {@code classification:<level>} tag, else {@code INTERNAL}. */
    public static ClassificationLevel classificationOf(AgentRecord record) {
        ClassificationLevel found = null;
        for (Capability capability : record.capabilities()) {
            for (String tag : capability.tags()) {
                if (tag.regionMatches(true, 0, CLASSIFICATION_TAG, 0, CLASSIFICATION_TAG.length())) {
                    ClassificationLevel level = level(tag.substring(CLASSIFICATION_TAG.length()));
                    if (found == null || level.compareTo(found) > 0) {
                        found = level;
                    }
                }
            }
        }
        return found == null ? ClassificationLevel.INTERNAL : found;
    }

    private static ClassificationLevel level(String text) {
        try {
            return ClassificationLevel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ClassificationLevel.SECRET; // an unreadable label is treated as the most sensitive
        }
    }

    private static Pattern glob(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }

    /** Builds an {@link ExportPolicy}; not thread-safe. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private ClassificationLevel max = ClassificationLevel.INTERNAL;

        private Builder() {}

        /** Adds host-name or domain globs, such as {@code *.broadband.ops.example.net}. */
        public Builder names(String... globs) {
            for (String glob : globs) {
                names.add(Objects.requireNonNull(glob, "glob"));
            }
            return this;
        }

        /** Adds skill tags of which an exported agent must declare one. */
        public Builder tags(String... values) {
            for (String tag : values) {
                tags.add(Objects.requireNonNull(tag, "tag"));
            }
            return this;
        }

        /** Sets the most sensitive classification exported (default {@code INTERNAL}). */
        public Builder maxClassification(ClassificationLevel value) {
            this.max = Objects.requireNonNull(value, "maxClassification");
            return this;
        }

        /** Returns the policy. */
        public ExportPolicy build() {
            return new ExportPolicy(names, Set.copyOf(tags), max);
        }
    }
}
