package dev.acf.ans.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weighted regular expressions over normalized text, loaded from
 * {@code injection-rules.txt}: each rule that matches adds its weight once. Rules whose id ends in
 * {@code ~neg} do not count when a negation ("never", "do not") closely precedes the match; rules
 * whose pattern starts with {@code ~compact} run on the text without spaces or punctuation.
 * Immutable and thread-safe.
 */
final class InjectionRules {
    private static final String RESOURCE = "injection-rules.txt";
    private static final Pattern NEGATION = Pattern.compile("\\b(never|not|don'?t|no|must not|should not|cannot|nor)\\b[^.!?\\n]{0,25}$");

    /** One rule: its id, its weight, and whether it reads the compact text. */
    record Rule(String id, double weight, Pattern pattern, boolean compact, boolean negatable) {}

    private final List<Rule> rules;

    private InjectionRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Returns the built-in rules. */
    static InjectionRules builtIn() {
        try (InputStream in = InjectionRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InjectionRules parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            if (f.length != 3) {
                throw new IllegalArgumentException("rule line needs id, weight and pattern separated by tabs: " + line);
            }
            String pattern = f[2];
            boolean compact = pattern.startsWith("~compact");
            if (compact) {
                pattern = pattern.substring("~compact".length());
            }
            String id = f[0];
            boolean negatable = id.endsWith("~neg");
            rules.add(new Rule(negatable ? id.substring(0, id.length() - 4) : id, Double.parseDouble(f[1]),
                    Pattern.compile(pattern, Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE), compact, negatable));
        }
        return new InjectionRules(rules);
    }

    /** Returns the rules that match, by id with their weights, in file order. */
    Map<String, Double> match(String text, String compact) {
        Map<String, Double> hits = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (rule.compact()) {
                if (rule.pattern().matcher(compact).find()) {
                    hits.put(rule.id(), rule.weight());
                }
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                if (!rule.negatable() || !NEGATION.matcher(text.substring(Math.max(0, m.start() - 40), m.start())).find()) {
                    hits.put(rule.id(), rule.weight());
                    break;
                }
            }
        }
        return hits;
    }

    int size() {
        return rules.size();
    }
}
