package dev.acf.api.name;

import dev.acf.api.error.InvalidNameException;
import java.net.IDN;
import java.util.Locale;

/**
 * Validation of DNS host names, shared by {@link AgentName} and {@link Domain}: labels of
 * letters, digits and inner hyphens (RFC 1123), 1-63 characters each, 253 in all, lower case.
 * Internationalized names are turned into their ASCII (punycode) form.
 */
final class Fqdn {
    static final int MAX_LENGTH = 253;
    static final int MAX_LABEL = 63;

    private Fqdn() {}

    /**
     * Returns the canonical (lower-case ASCII) form of a host name.
     *
     * @param what how error messages name the input, such as {@code "agent name 'ans://x'"}
     * @param minLabels the fewest labels the name must have
     */
    static String canonical(String host, String what, int minLabels) {
        if (host.isEmpty()) {
            throw new InvalidNameException(what + ": the host name is empty");
        }
        String ascii = host;
        if (!isAscii(host)) {
            try {
                ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new InvalidNameException(what + ": '" + host + "' is not a valid internationalized host name");
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            throw new InvalidNameException(what + ": the host name must not end with a dot");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidNameException(what + ": the host name has " + ascii.length() + " characters, at most " + MAX_LENGTH + " are allowed");
        }
        String[] labels = ascii.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            checkLabel(labels[i], i + 1, what);
        }
        if (labels.length < minLabels) {
            throw new InvalidNameException(what + ": the host name '" + ascii + "' needs at least " + minLabels + " labels");
        }
        return ascii;
    }

    private static void checkLabel(String label, int position, String what) {
        if (label.isEmpty()) {
            throw new InvalidNameException(what + ": label " + position + " is empty (two dots in a row?)");
        }
        if (label.length() > MAX_LABEL) {
            throw new InvalidNameException(what + ": label " + position + " '" + label + "' has " + label.length()
                    + " characters, at most " + MAX_LABEL + " are allowed");
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            throw new InvalidNameException(what + ": label " + position + " '" + label + "' must not start or end with '-'");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new InvalidNameException(what + ": label " + position + " '" + label + "' has the character '" + printable(c)
                        + "'; only letters, digits and '-' are allowed");
            }
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
