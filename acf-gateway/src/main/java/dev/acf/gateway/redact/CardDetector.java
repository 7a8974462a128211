package dev.acf.gateway.redact;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveDataDetector;
import dev.acf.api.security.SensitiveMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Payment card numbers: 13 to 19 digits, grouped by single spaces or dashes or not at all, whose
 * issuer prefix and length are those of a card scheme (Visa, Mastercard, American Express,
 * Discover, JCB, Diners Club, UnionPay, Maestro) and whose Luhn check digit is right. A number
 * with a wrong check digit is not flagged.
 */
final class CardDetector implements SensitiveDataDetector, KindLevels {
    private static final Map<String, ClassificationLevel> KINDS = Map.of("card", ClassificationLevel.SECRET);

    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w.-])\\d(?:[ -]?\\d){11,18}(?![\\d]|[.-]\\d)");

    @Override
    public Map<String, ClassificationLevel> kindLevels() {
        return KINDS;
    }

    @Override
    public List<SensitiveMatch> detect(String text, @Nullable String field) {
        if (!Texts.hasDigits(text, 13) || !Texts.hasDigitRun(text, 3)) {
            return List.of();
        }
        List<SensitiveMatch> found = new ArrayList<>(1);
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String digits = Luhn.digits(m.group());
            if (scheme(digits) && Luhn.valid(digits)) {
                found.add(new SensitiveMatch(m.start(), m.end(), "card", ClassificationLevel.SECRET, "card.luhn"));
            }
        }
        return found;
    }

    /** Returns true when the prefix and length are those of a card scheme. */
    static boolean scheme(String d) {
        int n = d.length();
        if (n < 12 || n > 19) {
            return false;
        }
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        int three = four / 10;
        return switch (d.charAt(0)) {
            case '4' -> n == 13 || n == 16 || n == 19;                                    // Visa
            case '5' -> two >= 51 && two <= 55 ? n == 16                                  // Mastercard
                    : (two == 50 || two >= 56) && n >= 12;                                // Maestro
            case '2' -> four >= 2221 && four <= 2720 && n == 16;                          // Mastercard 2-series
            case '3' -> (two == 34 || two == 37) && n == 15                               // American Express
                    || four >= 3528 && four <= 3589 && n >= 16                            // JCB
                    || (three >= 300 && three <= 305 || two == 36 || two == 38 || two == 39) && n >= 14; // Diners Club
            case '6' -> n >= 12;                                                          // Discover, UnionPay, Maestro
            default -> false;
        };
    }
}
