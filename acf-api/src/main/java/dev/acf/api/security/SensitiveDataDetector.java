package dev.acf.api.security;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds sensitive data in text (ANS-SEC-3): subscriber identifiers, phone numbers, e-mail and
 * network addresses, credentials, card numbers. The gateway runs every configured detector over
 * each string of a response and redacts the matches the caller's clearance does not permit.
 * Detectors are pluggable: the gateway's built-ins, those found through
 * {@link SensitiveDataDetectorProvider} with {@link java.util.ServiceLoader}, and those given to
 * its builder all run.
 *
 * <p>Called for every string of every inspected response, from many threads: thread-safe, no
 * blocking, and cheap when nothing matches (check for a telling char, such as {@code '@'} or a
 * digit, before running a regular expression). A match must be checked, not guessed: a card
 * number whose Luhn digit is wrong is not a card number.
 *
 * <pre>{@code
 * SensitiveDataDetector employeeIds = (text, field) -> {
 *     List<SensitiveMatch> found = new ArrayList<>();
 *     Matcher m = EMPLOYEE_ID.matcher(text);    // precompiled: E-\d{6}
 *     while (m.find()) {
 *         found.add(new SensitiveMatch(m.start(), m.end(), "employee", ClassificationLevel.CONFIDENTIAL, "hr.employee-id"));
 *     }
 *     return found;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SensitiveDataDetector {

    /**
     * Returns the sensitive data in a text, in any order, possibly overlapping (the caller keeps
     * the most restrictive of overlapping matches); an empty list when there is none.
     *
     * @param text the text, such as one JSON string value or one line of a message part
     * @param field the name of the JSON field whose value the text is, or {@code null} for free
     *     text; a hint such as {@code password} or {@code msisdn} lets a detector flag values it
     *     could not recognise alone
     */
    List<SensitiveMatch> detect(String text, @Nullable String field);
}
