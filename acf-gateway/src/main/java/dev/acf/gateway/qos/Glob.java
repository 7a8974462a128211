package dev.acf.gateway.qos;

/**
 * A pattern where {@code *} stands for any run of characters (dots included) and everything
 * else for itself, case-insensitively: {@code ans://*.noc.example.net}. Stateless.
 */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int pi, String t, int ti) {
        // Iterative with one backtrack point: linear for the patterns used here, no regex per request.
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (pi < p.length() && same(p.charAt(pi), t.charAt(ti))) {
                pi++;
                ti++;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static boolean same(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
