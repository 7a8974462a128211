package dev.acf.api.verify;

import dev.acf.api.a2a.Part;
import dev.acf.api.error.ValidationException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One test case of a skill (ANS-MON-3): the message parts ANS's probe sends, the predicates the
 * answer must satisfy, and whether the call is safe to make. Only test cases that are
 * {@linkplain #probeable() probeable} are ever run: read-only ones, and dry runs (the probe
 * marks those with {@link ProbeIdentity#DRY_RUN_HEADER} and {@link ProbeIdentity#DRY_RUN_METADATA};
 * the agent must then change nothing). Immutable and thread-safe.
 *
 * @param id the test case's id, unique within the card ({@code [A-Za-z0-9._-]}, 1-64)
 * @param skill the id of the skill under test, one of the card's skills
 * @param input the parts of the user message sent; at least one
 * @param expect what the answer must satisfy, all of it; at least one
 * @param readOnly whether the call changes nothing, so it may be made as it is
 * @param dryRun whether the call is made as a dry run, which the agent must honour
 */
public record SkillTestCase(String id, String skill, List<Part> input, List<Expectation> expect, boolean readOnly, boolean dryRun) {
    /** The most parts and expectations one test case may have. */
    public static final int MAX_ITEMS = 16;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Validates the id, the skill and the sizes, and copies the lists. */
    public SkillTestCase {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ValidationException("a skill test case needs an \"id\" of 1-64 letters, digits, '.', '_' or '-', was " + quoted(id));
        }
        if (skill == null || skill.isBlank()) {
            throw new ValidationException("skill test case " + id + " needs a \"skill\": the id of the skill it tests");
        }
        if (input == null || input.isEmpty() || input.size() > MAX_ITEMS) {
            throw new ValidationException("skill test case " + id + " needs 1-" + MAX_ITEMS + " \"input\" parts");
        }
        if (expect == null || expect.isEmpty() || expect.size() > MAX_ITEMS) {
            throw new ValidationException("skill test case " + id + " needs 1-" + MAX_ITEMS + " \"expect\" predicates");
        }
        input = List.copyOf(input);
        expect = List.copyOf(expect);
        input.forEach(p -> Objects.requireNonNull(p, "input part"));
    }

    /** Returns true when the probe may run this test case: it is read-only or a dry run. */
    public boolean probeable() {
        return readOnly || dryRun;
    }

    private static String quoted(@org.jspecify.annotations.Nullable String text) {
        return text == null ? "absent" : "'" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'";
    }
}
