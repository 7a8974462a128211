package dev.acf.demo.repair;

import dev.acf.demo.network.FaultType;
import dev.acf.demo.network.SimulatedNetwork;
import dev.acf.demo.network.Subscriber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What customers say when a fault hits them, and how the intent recognition agent reads it. */
final class Complaints {
    private static final Pattern ACCOUNT = Pattern.compile("\\bSUB-\\d{4}\\b");

    private Complaints() {}

    /** Returns the complaint the victim of a fault makes, worded by the seed. */
    static String text(FaultType type, Subscriber subscriber, SimulatedNetwork network) {
        List<String> phrasings = switch (type) {
            case FIBER_CUT, ONT_MISCONFIGURATION -> List.of(
                    "Hello, account %s here. Our internet has been completely down since this morning, nothing connects at all.",
                    "My broadband is dead: no internet on any device in the house. Account number %s.");
            case OPTICAL_DEGRADATION -> List.of(
                    "Account %s: the connection keeps dropping several times a day and then comes back on its own.",
                    "Hi, this is %s. Our line disconnects every few hours, video calls cut out mid-sentence.");
            case WIFI_INTERFERENCE -> List.of(
                    "Account %s. The internet is painfully slow in the evenings, videos keep buffering on the laptops and phones.",
                    "Customer %s says the home internet crawls; streaming stalls all the time.");
            case DNS_MISCONFIGURATION -> List.of(
                    "Account %s: websites won't load in the browser, though WhatsApp messages still come through.",
                    "Hi, %s here. Web pages just spin and fail to open, but the streaming app on the TV works.");
            case RAN_COVERAGE_HOLE -> List.of(
                    "Account %s: since last week our home internet is very slow and sometimes cuts out.",
                    "This is %s. The 5G home broadband has become slow, pages take ages to load.");
        };
        String phrasing = phrasings.get((int) (network.noise("phrasing:" + type) * phrasings.size()));
        return String.format(Locale.ROOT, phrasing, subscriber.id());
    }

    /** Returns the account number the complaint names, if any. */
    static Optional<String> account(String complaint) {
        Matcher matcher = ACCOUNT.matcher(complaint);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    /** Classifies a complaint by its wording; the most specific symptom wins. */
    static ComplaintType classify(String complaint) {
        String text = complaint.toLowerCase(Locale.ROOT);
        if (containsAny(text, "websites", "web pages", "browser")) {
            return ComplaintType.WEBSITES_UNREACHABLE;
        }
        if (containsAny(text, "down", "dead", "nothing connects", "no internet")) {
            return ComplaintType.NO_SERVICE;
        }
        if (containsAny(text, "dropping", "disconnects", "cuts out", "cut out")) {
            return ComplaintType.INTERMITTENT;
        }
        return ComplaintType.SLOW;
    }

    private static boolean containsAny(String text, String... needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
