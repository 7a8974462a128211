package dev.acf.gateway.qos;

import dev.acf.api.error.ConfigurationException;
import java.util.Locale;

/**
 * A token-bucket rate: {@code perSecond} tokens refill each second, up to {@code burst} saved
 * (the requests a quiet caller may send at once). Immutable.
 *
 * <pre>{@code
 * RateLimit limit = RateLimit.parse("100/s,200");   // 100 per second, bursts of 200
 * }</pre>
 *
 * @param perSecond the sustained rate, positive
 * @param burst the bucket's size, at least 1
 */
public record RateLimit(double perSecond, int burst) {

    /** Requires a positive rate and burst. */
    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite, was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
    }

    /**
     * Parses {@code RATE[/s|/m][,BURST]}, such as {@code 50}, {@code 600/m} or {@code 100/s,200};
     * the burst defaults to one second's worth (at least 1).
     *
     * @throws ConfigurationException when the text is not of that form
     */
    public static RateLimit parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            int comma = t.indexOf(',');
            String rate = comma < 0 ? t : t.substring(0, comma).trim();
            double per = 1;
            if (rate.endsWith("/s")) {
                rate = rate.substring(0, rate.length() - 2);
            } else if (rate.endsWith("/m")) {
                rate = rate.substring(0, rate.length() - 2);
                per = 60;
            }
            double perSecond = Double.parseDouble(rate.trim()) / per;
            int burst = comma < 0 ? (int) Math.max(1, Math.ceil(perSecond)) : Integer.parseInt(t.substring(comma + 1).trim());
            return new RateLimit(perSecond, burst);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("a rate limit must look like 100/s,200 or 600/m, was '" + text + "'");
        }
    }

    /** Returns the nanoseconds one token takes to refill. */
    long intervalNanos() {
        return Math.max(1, Math.round(1e9 / perSecond));
    }
}
