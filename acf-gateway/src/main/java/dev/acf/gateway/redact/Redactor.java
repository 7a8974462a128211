package dev.acf.gateway.redact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveDataDetector;
import dev.acf.api.security.SensitiveDataDetectorProvider;
import dev.acf.api.security.SensitiveMatch;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.pipeline.JsonBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs the sensitive-data detectors over text and JSON and replaces every match the clearance
 * does not permit with {@code [REDACTED:<kind>]} (ANS-SEC-3). Overlapping matches are merged into
 * one redaction labelled with the most restrictive of them. In JSON only string values (and
 * integral numbers, which become strings when redacted) change, each scanned with its field name
 * as a hint, so the document stays valid JSON of the same shape; field names are kept.
 *
 * <p>Detectors: the {@link BuiltInDetectors} (unless turned off), every
 * {@link SensitiveDataDetectorProvider} found with {@link java.util.ServiceLoader}, then those given
 * to the builder. A detector that throws fails the redaction: nothing passes unchecked.
 * Immutable and thread-safe once built.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder().level("ipv4", ClassificationLevel.INTERNAL).build();
 * Tally tally = new Tally();
 * String safe = redactor.redact("reach ops@example.net from 10.0.4.7", null, ClassificationLevel.INTERNAL, tally);
 * // "reach [REDACTED:email] from 10.0.4.7", tally: email=1
 * }</pre>
 */
public final class Redactor {
    private static final Comparator<SensitiveMatch> ORDER = Comparator.comparingInt(SensitiveMatch::start)
            .thenComparing(SensitiveMatch::level, Comparator.reverseOrder())
            .thenComparing(SensitiveMatch::length, Comparator.reverseOrder());

    /** The mapper's settings (nesting limit) with buffers recycled per event loop or through a shared pool ({@link JsonBuffers}). */
    private static final JsonFactory PARSERS = AcfJson.mapper().getFactory().rebuild()
            .recyclerPool(JsonBuffers.POOL).build();

    private static final ClassificationLevel[] CLEARANCES = ClassificationLevel.values();

    private final List<SensitiveDataDetector> detectors;
    private final Map<String, ClassificationLevel> levels;
    /** By clearance (ordinal): the detectors that can report something it does not permit; decided once, not per answer. */
    private final List<List<SensitiveDataDetector>> relevant;

    private Redactor(List<SensitiveDataDetector> detectors, Map<String, ClassificationLevel> levels) {
        this.detectors = List.copyOf(detectors);
        this.levels = Map.copyOf(levels);
        List<List<SensitiveDataDetector>> byClearance = new ArrayList<>(CLEARANCES.length);
        for (ClassificationLevel clearance : CLEARANCES) {
            List<SensitiveDataDetector> matter = new ArrayList<>();
            for (SensitiveDataDetector detector : this.detectors) {
                if (!clearance.permits(highest(detector))) {
                    matter.add(detector);
                }
            }
            byClearance.add(List.copyOf(matter));
        }
        this.relevant = List.copyOf(byClearance);
    }

    /** The most restrictive level a detector's matches can carry here: SECRET for a detector whose kinds are not known. */
    private ClassificationLevel highest(SensitiveDataDetector detector) {
        if (!(detector instanceof KindLevels known)) {
            return ClassificationLevel.SECRET;
        }
        ClassificationLevel highest = ClassificationLevel.PUBLIC;
        for (Map.Entry<String, ClassificationLevel> kind : known.kindLevels().entrySet()) {
            ClassificationLevel level = levels.getOrDefault(kind.getKey(), kind.getValue());
            if (level.compareTo(highest) > 0) {
                highest = level;
            }
        }
        return highest;
    }

    /** Returns a builder with the built-in detectors and discovery on. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the detectors in the order they run. */
    public List<SensitiveDataDetector> detectors() {
        return detectors;
    }

    /**
     * Returns true when a caller of this clearance can never need a redaction: it is cleared for
     * {@code SECRET}, or no detector can report a kind above its clearance (the built-in detectors'
     * kinds at their configured levels; any other detector may report anything). Decided when the
     * redactor is built.
     */
    public boolean clearsAll(ClassificationLevel clearance) {
        return relevant.get(clearance.ordinal()).isEmpty();
    }

    /** Returns every match in the text, with the configured levels, sorted by position. */
    public List<SensitiveMatch> find(String text, @Nullable String field) {
        return find(detectors, text, field);
    }

    private List<SensitiveMatch> find(List<SensitiveDataDetector> run, String text, @Nullable String field) {
        List<SensitiveMatch> all = null;
        for (SensitiveDataDetector detector : run) {
            List<SensitiveMatch> found = detector.detect(text, field);
            if (found == null || found.isEmpty()) {
                continue;
            }
            if (all == null) {
                all = new ArrayList<>(found.size());
            }
            for (SensitiveMatch m : found) {
                if (m.end() > text.length()) {
                    throw new IllegalStateException("detector " + detector.getClass().getName() + " reported " + m.start() + ".." + m.end()
                            + " in a text of " + text.length() + " chars");
                }
                ClassificationLevel level = levels.get(m.kind());
                all.add(level == null ? m : m.withLevel(level));
            }
        }
        if (all == null) {
            return List.of();
        }
        all.sort(ORDER);
        return all;
    }

    /**
     * Returns the text with every match the clearance does not permit replaced, counting each
     * replacement in the tally; the same string when nothing is replaced.
     *
     * @param field the JSON field name the text is the value of, or {@code null} for free text
     */
    public String redact(String text, @Nullable String field, ClassificationLevel clearance, Tally tally) {
        if (text.isEmpty() || clearsAll(clearance)) {
            return text;
        }
        List<SensitiveMatch> matches = find(text, field);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < matches.size()) {
            SensitiveMatch first = matches.get(i);
            if (clearance.permits(first.level())) {
                i++;
                continue;
            }
            // Merge everything that overlaps this span; the label is the most restrictive match's.
            SensitiveMatch label = first;
            int start = first.start();
            int end = first.end();
            int j = i + 1;
            while (j < matches.size() && matches.get(j).start() < end) {
                SensitiveMatch next = matches.get(j);
                if (!clearance.permits(next.level())) {
                    end = Math.max(end, next.end());
                    if (next.level().compareTo(label.level()) > 0) {
                        label = next;
                    }
                }
                j++;
            }
            if (start < copied) {
                start = copied;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append("[REDACTED:").append(label.kind()).append(']');
            copied = end;
            tally.add(label.ruleId());
            i = j;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Returns a JSON document with its string values (and integral numbers) redacted; the same
     * array when nothing was redacted.
     *
     * @throws AcfException ({@code malformed_json}) when the bytes are not JSON
     */
    public byte[] redactJson(byte[] json, ClassificationLevel clearance, Tally tally) {
        if (clearsAll(clearance)) {
            return json;
        }
        try (JsonParser parser = PARSERS.createParser(json)) {
            if (clean(parser, clearance)) {
                return json;
            }
        } catch (IOException e) {
            // Not JSON: the tree parse below fails with the error callers expect.
        }
        JsonNode tree = AcfJson.readTree(json);
        int before = tally.total();
        JsonNode result = walk(tree, null, clearance, tally);
        return tally.total() == before ? json : AcfJson.writeBytes(result);
    }

    /**
     * Returns true when the stream is exactly one well-formed JSON document in which nothing needs
     * redacting for this clearance; false when something does or the document is not well-formed.
     * Reads the document once with a streaming parser, building no tree: the common answer, with
     * nothing to redact, costs a scan.
     */
    public boolean clean(InputStream json, ClassificationLevel clearance) {
        if (clearsAll(clearance)) {
            return true;
        }
        try (JsonParser parser = PARSERS.createParser(json)) {
            return clean(parser, clearance);
        } catch (IOException e) {
            return false;
        }
    }

    /** The values {@link #walk} would redact, visited in a stream: string values and integral numbers of 8 or more digits. */
    private boolean clean(JsonParser parser, ClassificationLevel clearance) throws IOException {
        if (parser.nextToken() == null) {
            return false;
        }
        int depth = 0;
        do {
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> {
                    if (needs(parser.getText(), field(parser), clearance)) {
                        return false;
                    }
                }
                case VALUE_NUMBER_INT -> {
                    String text = parser.getText();
                    if (text.length() >= 8 && needs(text, field(parser), clearance)) {
                        return false;
                    }
                }
                default -> { }
            }
        } while (depth > 0 && parser.nextToken() != null);
        return depth == 0 && parser.nextToken() == null;
    }

    /** The field name a value is scanned with: its member name, or for array elements the enclosing array's. */
    private static @Nullable String field(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        while (context != null && context.inArray()) {
            context = context.getParent();
        }
        return context != null && context.inObject() ? context.getCurrentName() : null;
    }

    /** Whether {@link #redact} would change this value for the clearance. */
    private boolean needs(String text, @Nullable String field, ClassificationLevel clearance) {
        if (text.isEmpty()) {
            return false;
        }
        // Only the detectors that can report something above this clearance: the others' matches would all be permitted.
        for (SensitiveMatch m : find(relevant.get(clearance.ordinal()), text, field)) {
            if (!clearance.permits(m.level())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode walk(JsonNode node, @Nullable String field, ClassificationLevel clearance, Tally tally) {
        if (node.isTextual()) {
            String text = node.textValue();
            String redacted = redact(text, field, clearance, tally);
            return redacted == text ? node : TextNode.valueOf(redacted);
        }
        if (node.isIntegralNumber()) {
            String text = node.asText();
            String redacted = text.length() < 8 ? text : redact(text, field, clearance, tally);
            return redacted == text ? node : TextNode.valueOf(redacted);
        }
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> changed = null;
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode value = walk(e.getValue(), e.getKey(), clearance, tally);
                if (value != e.getValue()) {
                    if (changed == null) {
                        changed = new HashMap<>();
                    }
                    changed.put(e.getKey(), value);
                }
            }
            if (changed != null) {
                changed.forEach(object::set);
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int k = 0; k < array.size(); k++) {
                JsonNode value = walk(array.get(k), field, clearance, tally);
                if (value != array.get(k)) {
                    array.set(k, value);
                }
            }
            return array;
        }
        return node;
    }

    /** Configures a {@link Redactor}; not thread-safe. */
    public static final class Builder {
        private boolean builtIns = true;
        private boolean discover = true;
        private final List<SensitiveDataDetector> extra = new ArrayList<>();
        private final Map<String, ClassificationLevel> levels = new HashMap<>();
        private ProviderConfig config = ProviderConfig.empty();
        private @Nullable ClassLoader classLoader;

        private Builder() {}

        /** Whether the {@link BuiltInDetectors} run (default true). */
        public Builder builtIns(boolean value) {
            this.builtIns = value;
            return this;
        }

        /** Whether detectors of {@link SensitiveDataDetectorProvider}s on the class path run (default true). */
        public Builder discover(boolean value) {
            this.discover = value;
            return this;
        }

        /** Adds a detector, run after the built-in and discovered ones. */
        public Builder detector(SensitiveDataDetector value) {
            extra.add(Objects.requireNonNull(value, "detector"));
            return this;
        }

        /** Classifies every match of this kind ({@code email}, {@code ipv4}, ...) at this level instead of the detector's. */
        public Builder level(String kind, ClassificationLevel level) {
            levels.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(level, "level"));
            return this;
        }

        /** Sets the configuration discovered providers are created with. */
        public Builder config(ProviderConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Sets the class loader providers are discovered in (default: this class's). */
        public Builder classLoader(ClassLoader value) {
            this.classLoader = Objects.requireNonNull(value, "classLoader");
            return this;
        }

        /** Returns the redactor; creates the discovered detectors. */
        public Redactor build() {
            List<SensitiveDataDetector> all = new ArrayList<>();
            if (builtIns) {
                all.addAll(BuiltInDetectors.all());
            }
            if (discover) {
                ClassLoader loader = classLoader != null ? classLoader : Redactor.class.getClassLoader();
                List<SensitiveDataDetectorProvider> found = new ArrayList<>(ExtensionLoader.providers(SensitiveDataDetectorProvider.class, loader));
                found.sort(Comparator.comparingInt(SensitiveDataDetectorProvider::priority).reversed());
                for (SensitiveDataDetectorProvider provider : found) {
                    all.add(Objects.requireNonNull(provider.create(config),
                            () -> "detector provider '" + provider.name() + "' created nothing"));
                }
            }
            all.addAll(extra);
            return new Redactor(all, levels);
        }
    }
}
