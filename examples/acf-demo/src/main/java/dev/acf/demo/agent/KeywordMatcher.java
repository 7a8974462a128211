package dev.acf.demo.agent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the agent whose card shares the rarest words with an intent: each word of the intent
 * found in a card scores {@code ln(1 + N / df)}, where {@code df} is how many of the N cards
 * hold it. Deterministic: ties go to the agent defined first. A deliberately plain stand-in for
 * ANS's hybrid resolution.
 */
final class KeywordMatcher {
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "this", "that", "these", "those", "of",
            "for", "to", "in", "on", "at", "by", "with", "from", "and", "or", "is", "are", "be", "it", "its", "as",
            "their", "them", "they", "our", "we", "i", "my", "me", "you", "your", "what", "which", "who", "how",
            "can", "any", "all", "into", "out", "up", "about", "so", "same", "other", "new", "now", "again", "not");

    /** A ranked candidate. */
    record Match(String agentId, double score) {}

    private final List<String> ids;
    private final List<Set<String>> documents;
    private final Map<String, Integer> documentFrequency = new HashMap<>();

    KeywordMatcher(List<AgentDefinition> agents) {
        this.ids = agents.stream().map(AgentDefinition::id).toList();
        this.documents = agents.stream().map(agent -> words(agent.searchText())).toList();
        for (Set<String> document : documents) {
            document.forEach(word -> documentFrequency.merge(word, 1, Integer::sum));
        }
    }

    /** Returns the best match for {@code intent}, if any card shares a word with it. */
    Optional<Match> best(String intent) {
        Set<String> query = words(intent);
        Match best = null;
        for (int i = 0; i < ids.size(); i++) {
            double score = 0;
            for (String word : query) {
                if (documents.get(i).contains(word)) {
                    score += Math.log(1 + (double) ids.size() / documentFrequency.get(word));
                }
            }
            if (score > 0 && (best == null || score > best.score())) {
                best = new Match(ids.get(i), score);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Lower-cased, stemmed words of {@code text} without stop words. */
    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (raw.length() > 1 && !STOP_WORDS.contains(raw)) {
                words.add(stem(raw));
            }
        }
        return words;
    }

    // Crude suffix stripping so "alarms"/"alarm" and "collecting"/"collect" meet.
    private static String stem(String word) {
        for (String suffix : List.of("ing", "ies", "es", "ed", "s")) {
            if (word.length() > suffix.length() + 3 && word.endsWith(suffix)) {
                return word.substring(0, word.length() - suffix.length());
            }
        }
        return word;
    }
}
