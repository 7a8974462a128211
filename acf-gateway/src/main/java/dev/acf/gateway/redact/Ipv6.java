package dev.acf.gateway.redact;

/**
 * A strict IPv6 text parser (RFC 4291 section 2.2 forms): eight groups of one to four hex
 * digits, at most one {@code ::} standing for one or more zero groups, and optionally a dotted
 * IPv4 tail counting as two groups. No name resolution, unlike {@code InetAddress}. Stateless.
 */
final class Ipv6 {
    private Ipv6() {}

    static boolean valid(String text, int start, int end) {
        String s = text.substring(start, end);
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        if (s.equals("::")) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int groups = 0;
        int[] counted = new int[2];
        for (int part = 0; part < (doubleColon >= 0 ? 2 : 1); part++) {
            String piece = part == 0 ? head : tail;
            if (piece.isEmpty()) {
                continue;
            }
            String[] fields = piece.split(":", -1);
            for (int i = 0; i < fields.length; i++) {
                String f = fields[i];
                boolean last = i == fields.length - 1 && (part == 1 || doubleColon < 0);
                if (last && f.indexOf('.') >= 0) {
                    if (!ipv4(f)) {
                        return false;
                    }
                    counted[part] += 2;
                } else if (!hex(f)) {
                    return false;
                } else {
                    counted[part]++;
                }
            }
        }
        groups = counted[0] + counted[1];
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean hex(String f) {
        if (f.isEmpty() || f.length() > 4) {
            return false;
        }
        for (int i = 0; i < f.length(); i++) {
            if (Character.digit(f.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv4(String f) {
        String[] octets = f.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.charAt(0) == '0') || !o.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }
}
