package dev.acf.gateway.redact;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The clearance of authenticated callers by rule (ANS-SEC-3), applied by authentication after it
 * established who calls: the first rule that matches sets the caller's clearance; with none, the
 * clearance of its credential stays (certified agents {@code INTERNAL}, bearer tokens their
 * {@code clearance} claim, else {@code PUBLIC}). A rule matches the caller's subject (its ANS
 * name, with version, or the token's {@code sub}) with a glob where {@code *} stands for any run
 * of characters, case-insensitively, or one of its roles with {@code role:<name>}. Anonymous
 * callers stay {@code PUBLIC}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Clearances clearances = Clearances.parse(List.of(
 *         "ans://*.noc.ops.example.net=CONFIDENTIAL",
 *         "role:auditor=SECRET"));
 * CallerIdentity cleared = clearances.apply(caller);
 * }</pre>
 */
public final class Clearances {
    private record Rule(String pattern, Pattern compiled, boolean role, ClassificationLevel level) {}

    private static final Clearances NONE = new Clearances(List.of());

    private final List<Rule> rules;

    private Clearances(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Returns the empty rule set: every caller keeps its credential's clearance. */
    public static Clearances none() {
        return NONE;
    }

    /**
     * Returns the rules in the form {@code PATTERN=LEVEL}, in order.
     *
     * @throws ConfigurationException naming the rule, when one has no {@code =} or an unknown level
     */
    public static Clearances parse(List<String> rules) {
        List<Rule> parsed = new ArrayList<>();
        for (String rule : rules) {
            int eq = rule.lastIndexOf('=');
            if (eq <= 0 || eq == rule.length() - 1) {
                throw new ConfigurationException("a clearance rule is PATTERN=LEVEL, such as ans://*.noc.example.net=CONFIDENTIAL; was '"
                        + rule + "'");
            }
            ClassificationLevel level;
            try {
                level = ClassificationLevel.parse(rule.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("clearance rule '" + rule + "': " + e.getMessage());
            }
            parsed.add(rule(rule.substring(0, eq).trim(), level));
        }
        return new Clearances(parsed);
    }

    /** Returns these rules followed by one more. */
    public Clearances with(String pattern, ClassificationLevel level) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(rule(Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(level, "level")));
        return new Clearances(more);
    }

    /** Returns true when there is no rule. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Returns the caller with the clearance of the first matching rule; the same caller when none matches or it is anonymous. */
    public CallerIdentity apply(CallerIdentity caller) {
        if (rules.isEmpty() || !caller.isAuthenticated()) {
            return caller;
        }
        for (Rule r : rules) {
            boolean matches = r.role() ? caller.roles().stream().anyMatch(role -> r.compiled().matcher(role).matches())
                    : r.compiled().matcher(caller.subject()).matches();
            if (matches) {
                return caller.clearance() == r.level() ? caller
                        : new CallerIdentity(caller.subject(), caller.agent(), caller.domain(), caller.roles(), r.level());
            }
        }
        return caller;
    }

    private static Rule rule(String pattern, ClassificationLevel level) {
        boolean role = pattern.startsWith("role:");
        String glob = role ? pattern.substring(5) : pattern;
        if (glob.isEmpty()) {
            throw new ConfigurationException("clearance rule pattern '" + pattern + "' is empty");
        }
        String regex = String.join(".*", java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList());
        return new Rule(pattern, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), role, level);
    }

    @Override
    public String toString() {
        return rules.stream().map(r -> r.pattern() + "=" + r.level()).toList().toString();
    }
}
