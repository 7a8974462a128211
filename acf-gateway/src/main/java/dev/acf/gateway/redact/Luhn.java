package dev.acf.gateway.redact;

/** The Luhn (mod 10) check of card numbers and IMEIs. Stateless. */
final class Luhn {
    private Luhn() {}

    /** Returns true when the digits (only digits) end with a right Luhn check digit. */
    static boolean valid(CharSequence digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return digits.length() > 1 && sum % 10 == 0;
    }

    /** Returns the digits of the text, separators dropped. */
    static String digits(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
