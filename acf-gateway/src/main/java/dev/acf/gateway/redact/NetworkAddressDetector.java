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
 * IPv4 addresses (four decimal octets of 0-255 without leading zeros, not part of a longer dotted
 * run such as the version {@code 1.2.3.4.5}), IPv6 addresses (every form, compressed and with an
 * embedded IPv4 tail, checked by parsing: a time {@code 12:34:56} is not one) and MAC addresses
 * (six hex pairs with one separator, {@code :} or {@code -}, or three dotted quads
 * {@code 0011.2233.4455}).
 */
final class NetworkAddressDetector implements SensitiveDataDetector, KindLevels {
    private static final Map<String, ClassificationLevel> KINDS = Map.of("ipv4", ClassificationLevel.CONFIDENTIAL, "ipv6",
            ClassificationLevel.CONFIDENTIAL, "mac", ClassificationLevel.CONFIDENTIAL);

    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*[0-9A-Fa-f:](?![\\w:])");
    private static final Pattern MAC = Pattern.compile(
            "(?<![\\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}"
                    + "|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})(?![\\w:-]|\\.\\w)");

    @Override
    public Map<String, ClassificationLevel> kindLevels() {
        return KINDS;
    }

    @Override
    public List<SensitiveMatch> detect(String text, @Nullable String field) {
        boolean dots = text.indexOf('.') >= 0;
        boolean colons = text.indexOf(':') >= 0;
        boolean dashes = text.indexOf('-') >= 0;
        if (!dots && !colons && !dashes) {
            return List.of();
        }
        List<SensitiveMatch> found = new ArrayList<>(1);
        if (text.length() < 14 && !colons && !Texts.hasDigits(text, 4)) {
            // No IPv4 address (four digits at least), no IPv6 one (a colon) and no MAC (14 chars at least): the common short value.
            return List.of();
        }
        if (dots && Texts.hasDigits(text, 4)) {
            Matcher m = IPV4.matcher(text);
            while (m.find()) {
                if (octet(m.group(1)) && octet(m.group(2)) && octet(m.group(3)) && octet(m.group(4))) {
                    found.add(new SensitiveMatch(m.start(), m.end(), "ipv4", ClassificationLevel.CONFIDENTIAL, "ip.v4"));
                }
            }
        }
        if (colons) {
            Matcher m = IPV6.matcher(text);
            while (m.find()) {
                int end = m.end();
                if (Ipv6.valid(text, m.start(), end)) {
                    found.add(new SensitiveMatch(m.start(), end, "ipv6", ClassificationLevel.CONFIDENTIAL, "ip.v6"));
                }
            }
        }
        if (text.length() >= 14) {
            // The shortest MAC address, 0011.2233.4455, has 14 chars.
            Matcher m = MAC.matcher(text);
            while (m.find()) {
                found.add(new SensitiveMatch(m.start(), m.end(), "mac", ClassificationLevel.CONFIDENTIAL, "mac"));
            }
        }
        return found;
    }

    private static boolean octet(String digits) {
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            return false;
        }
        return Integer.parseInt(digits) <= 255;
    }
}
