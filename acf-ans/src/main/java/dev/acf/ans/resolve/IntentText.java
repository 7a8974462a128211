package dev.acf.ans.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-language handling of an intent before retrieval: drops what the user explicitly
 * rules out ("not a billing issue", "don't try to sell me a router") and splits an intent
 * with several needs into clauses (ANS-RES-3), on punctuation and on the conjunctions that
 * join independent requests. Stateless and thread-safe.
 */
final class IntentText {
    /**
     * A negation that rules a topic out, up to the end of its clause. Only cues that deny a
     * topic or a request, not those that describe a symptom ("is not working", "won't activate",
     * "I'm not getting any signal"). Typographic apostrophes count as apostrophes.
     */
    private static final Pattern NEGATED = Pattern.compile(("(?i)\\b(?:" + String.join("|",
            // "it's not a billing issue", "it isn't the router", "this is not about my bill"
            "(?:it|this|that)(?:'s| is)? not (?:a|an|about|related to|caused by|the)\\b",
            "(?:isn't|is not|wasn't|aren't) (?:a|an|about|related to|caused by|the)\\b",
            "not (?:a|an) ", "nothing to do with", "rather than", "instead of", "other than", "no need for",
            // "don't try to sell me a router"
            "(?:don't|do not|no need to) (?:try to |want to |need to )?(?:sell|offer|send|recommend|upsell|transfer|give|suggest|tell)",
            // "I'm not ringing about money", "we are not asking for a refund"
            "(?:i'm|i am|we're|we are) not (?:calling|ringing|phoning|writing|emailing|messaging|contacting you|asking|enquiring|inquiring"
                    + "|here|complaining) (?:about|for|regarding|over)\\b",
            // "I'm not switching carriers", "we're not looking for a new plan"
            "(?:i'm|i am|we're|we are) not (?:switching|leaving|moving|cancelling|canceling|porting|looking (?:to|for)|planning to"
                    + "|trying to|interested in)\\b",
            // "no new quote needed", "no engineer visit required"
            "no (?:new |more |further |other |extra |additional |another )?[\\p{L}-]+(?: [\\p{L}-]+)? (?:needed|required|necessary)\\b")
            + ")[^,;.!?—–:]*").replace("'", "['’]"));
    private static final Pattern NEGATED_ZH = Pattern.compile("(?:不是|并非|不要|别|无需|不用)[^，。；！？,;.!?]*");
    /** Clause boundaries: punctuation, dashes, and conjunctions that start a new request. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "(?i)[,;.!?:—–()]+|\\s-\\s|\\b(?:and then|and also|and|then|also|plus|but|as well as|while|after that|before)\\b"
                    + "|[，。；！？、]|并且|而且|还有|同时|然后|以及|另外");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['-][\\p{L}\\p{N}]+)*");

    private IntentText() {}

    /** Returns the text with explicitly ruled-out topics removed, or the text itself when nothing would remain. */
    static String withoutNegatedTopics(String text) {
        String kept = NEGATED_ZH.matcher(NEGATED.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
        return contentWords(kept) == 0 && chineseContent(kept) == 0 ? text : kept;
    }

    /**
     * Returns the clauses that carry a need of their own (at least {@code minWords} content
     * words each); a single-need intent gives one clause or none.
     */
    static List<String> clauses(String text, int minWords) {
        List<String> out = new ArrayList<>();
        for (String part : CLAUSE_BREAK.split(text)) {
            String clause = part.strip();
            if (contentWords(clause) >= minWords || chineseContent(clause) >= 2 * minWords) {
                out.add(clause);
            }
        }
        return out;
    }

    /** Returns how many words of the text are not stop words. */
    static int contentWords(String text) {
        int n = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (!ChineseGlossary.hasChinese(w) && !TelecomAnalysis.STOP_WORDS.contains(w)) {
                n++;
            }
        }
        return n;
    }

    private static int chineseContent(String text) {
        return (int) text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
    }
}
