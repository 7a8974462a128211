package dev.acf.demo.install;

import dev.acf.api.error.ValidationException;
import dev.acf.demo.network.Premises;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a customer writes when ordering a connection, and how the intent recognition agent reads it. */
final class ServiceRequests {
    private static final List<String> DAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday");
    private static final Pattern NAME = Pattern.compile("I'm ([A-Z][a-z]+ [A-Z][a-z]+)\\.");
    private static final Pattern ADDRESS = Pattern.compile("moving into (.+?) next month");
    private static final Pattern SPEED = Pattern.compile("(\\d+)\\s*(Mbps|Gbps)");
    private static final Pattern DAY = Pattern.compile("\\b(" + String.join("|", DAYS) + ")\\b");

    /** A structured service intent. */
    record ServiceIntent(String customerName, String address, int downMbps, List<String> addOns, String preferredDay,
            String preferredWindow) {}

    private ServiceRequests() {}

    /** Returns the request a new customer writes, worded by the seed. */
    static String text(SimulatedNetwork network, String customerName) {
        List<Premises> premises = network.inventory().premises();
        Premises home = premises.get((int) (network.noise("install:premises") * premises.size()));
        int[] speeds = {300, 500, 1000};
        int mbps = speeds[(int) (network.noise("install:speed") * speeds.length)];
        double extras = network.noise("install:extras");
        String addOns = extras < 0.33 ? "" : extras < 0.66 ? " with TV" : " with TV and a landline phone";
        String day = DAYS.get((int) (network.noise("install:day") * DAYS.size()));
        String window = network.noise("install:window") < 0.5 ? "morning" : "afternoon";
        return String.format(Locale.ROOT, "Hi, I'm %s. I'm moving into %s next month and would like your %s fibre broadband%s."
                + " Could an engineer come on a %s %s?", customerName, home.address(),
                mbps == 1000 ? "1 Gbps" : mbps + " Mbps", addOns, day, window);
    }

    /**
     * Reads a request into a structured intent.
     *
     * @throws ValidationException naming what the request lacks
     */
    static ServiceIntent parse(String text) {
        String name = find(NAME, text, "the customer's name");
        String address = find(ADDRESS, text, "the service address");
        Matcher speed = SPEED.matcher(text);
        if (!speed.find()) {
            throw new ValidationException("the request names no speed, such as 500 Mbps");
        }
        int mbps = Integer.parseInt(speed.group(1)) * (speed.group(2).equals("Gbps") ? 1000 : 1);
        List<String> addOns = new ArrayList<>();
        if (text.contains("TV")) {
            addOns.add("iptv");
        }
        if (text.toLowerCase(Locale.ROOT).contains("phone")) {
            addOns.add("voip");
        }
        Matcher day = DAY.matcher(text);
        String preferredDay = day.find() ? day.group(1) : "any weekday";
        String window = text.contains("afternoon") ? "afternoon" : text.contains("morning") ? "morning" : "any time";
        return new ServiceIntent(name, address, mbps, addOns, preferredDay, window);
    }

    private static String find(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new ValidationException("the request does not give " + what);
        }
        return matcher.group(1);
    }
}
