package dev.acf.gateway.redact;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveDataDetector;
import dev.acf.api.security.SensitiveMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Credentials and keys: PEM private keys (to their end line, or to the end of the text when it is
 * cut), JWTs, {@code Bearer} and {@code Basic} credentials, access key ids of the well-known
 * clouds and code hosts (AWS {@code AKIA...}, GitHub {@code ghp_...}, Slack {@code xox?-...},
 * Google {@code AIza...}), and values given to a key-like name ({@code password=...},
 * {@code "api_key": "..."}, a JSON field named {@code client_secret}). For token- and key-like
 * names the value must look like a secret (at least 8 chars, letters and digits, some entropy), so
 * {@code "max_tokens": 4096} and {@code "token": "none"} pass; a password-like name flags any
 * value that is not a placeholder.
 */
final class CredentialDetector implements SensitiveDataDetector, KindLevels {
    private static final Map<String, ClassificationLevel> KINDS = Map.of("credential", ClassificationLevel.SECRET);
    private static final Byte NEITHER = 0;
    private static final Byte PASSWORD = 1;
    private static final Byte KEY = 2;
    /** Field names remembered at most: beyond, a name is worked out each time (an answer with ever new names cannot grow this). */
    private static final int MAX_FIELD_KINDS = 4096;
    private static final ConcurrentHashMap<String, Byte> FIELD_KINDS = new ConcurrentHashMap<>();

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|\\z)");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(?:bearer|basic)\\s+([A-Za-z0-9._~+/-]{12,}=*)");
    private static final Pattern ACCESS_KEY = Pattern.compile("\\b(?:(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\\b");
    private static final String KEY_NAMES = "password|passwd|passphrase|pwd|secret|token|apikey|api_key|api-key|accesskey|access_key"
            + "|secretkey|secret_key|privatekey|private_key|credential|credentials|auth";
    private static final Pattern ASSIGNED = Pattern.compile("(?i)(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,40}?(?:" + KEY_NAMES + ")"
            + "[\"']?\\s{0,3}[:=]\\s{0,3}(?:\"([^\"\\r\\n]{1,512})\"|'([^'\\r\\n]{1,512})'|([^\\s\"'<>,;&}\\]]{1,512}))");

    @Override
    public Map<String, ClassificationLevel> kindLevels() {
        return KINDS;
    }

    @Override
    public List<SensitiveMatch> detect(String text, @Nullable String field) {
        if (field != null && !text.isEmpty()) {
            Boolean password = fieldKind(field);
            if (password != null && secretValue(text, password)) {
                return List.of(new SensitiveMatch(0, text.length(), "credential", ClassificationLevel.SECRET, "credential.field"));
            }
        }
        if (text.length() < 8) {
            return List.of();
        }
        List<SensitiveMatch> found = new ArrayList<>(0);
        if (text.contains("PRIVATE KEY")) {
            add(found, PEM.matcher(text), 0, "credential.pem");
        }
        if (text.contains("eyJ")) {
            add(found, JWT.matcher(text), 0, "credential.jwt");
        }
        if (Texts.containsIgnoreCase(text, "bearer") || Texts.containsIgnoreCase(text, "basic")) {
            add(found, SCHEME.matcher(text), 1, "credential.scheme");
        }
        if (text.contains("AKIA") || text.contains("ASIA") || text.contains("AGPA") || text.contains("AIDA") || text.contains("AROA")
                || text.contains("ANPA") || text.contains("ANVA") || text.contains("AIPA") || text.contains("gh") || text.contains("xox")
                || text.contains("AIza")) {
            add(found, ACCESS_KEY.matcher(text), 0, "credential.access-key");
        }
        if (text.indexOf('=') >= 0 || text.indexOf(':') >= 0) {
            Matcher m = ASSIGNED.matcher(text);
            while (m.find()) {
                int g = m.group(1) != null ? 1 : m.group(2) != null ? 2 : 3;
                String name = m.group().substring(0, m.start(g) - m.start());
                Boolean password = keyLike(Texts.fieldKey(name.replaceAll("[\"'\\s:=]+$", "")));
                if (password != null && secretValue(m.group(g), password)) {
                    found.add(new SensitiveMatch(m.start(g), m.end(g), "credential", ClassificationLevel.SECRET, "credential.assigned"));
                }
            }
        }
        return found;
    }

    /**
     * {@link #keyLike} of a JSON field name, remembered per name: answers repeat the same few
     * names (the parser hands out the same strings), and each value was asked about its field.
     */
    private static @Nullable Boolean fieldKind(String field) {
        Byte known = FIELD_KINDS.get(field);
        if (known == null) {
            Boolean kind = keyLike(Texts.fieldKey(field));
            known = kind == null ? NEITHER : kind ? PASSWORD : KEY;
            if (FIELD_KINDS.size() < MAX_FIELD_KINDS) {
                FIELD_KINDS.put(field, known);
            }
        }
        return known == NEITHER ? null : known == PASSWORD;
    }

    /**
     * Returns true for a password-like name, false for another key-like name ({@code apikey},
     * {@code clientsecret}), null for a name that is neither; the name must end with the key word,
     * so {@code maxtokens} and {@code tokencount} are neither.
     */
    static @Nullable Boolean keyLike(String key) {
        if (key.endsWith("password") || key.endsWith("passwd") || key.endsWith("passphrase") || key.endsWith("pwd")) {
            return Boolean.TRUE;
        }
        if (key.endsWith("secret") || key.endsWith("token") || key.endsWith("apikey") || key.endsWith("accesskey")
                || key.endsWith("secretkey") || key.endsWith("privatekey") || key.endsWith("credential") || key.endsWith("credentials")
                || key.equals("authorization") || key.endsWith("authkey")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** A password is anything but a placeholder; a token or key must look random enough. */
    static boolean secretValue(String value, boolean password) {
        String v = value.trim();
        if (v.isEmpty() || placeholder(v)) {
            return false;
        }
        if (password) {
            return true;
        }
        if (v.length() < 8) {
            return false;
        }
        boolean letters = false;
        boolean digits = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            letters |= Character.isLetter(c);
            digits |= Character.isDigit(c);
        }
        return (letters && digits || v.length() >= 20) && entropy(v) >= 2.5 && v.indexOf(' ') < 0;
    }

    private static boolean placeholder(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        return lower.startsWith("[redacted") || lower.equals("null") || lower.equals("none") || lower.equals("true")
                || lower.equals("false") || lower.chars().allMatch(c -> c == '*' || c == 'x' || c == '.' || c == '-')
                || lower.startsWith("<") && lower.endsWith(">") || lower.startsWith("${") && lower.endsWith("}");
    }

    /** Shannon entropy in bits per char. */
    static double entropy(String v) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / v.length();
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = (double) other / v.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    private static void add(List<SensitiveMatch> found, Matcher m, int group, String rule) {
        while (m.find()) {
            if (m.end(group) > m.start(group)) {
                found.add(new SensitiveMatch(m.start(group), m.end(group), "credential", ClassificationLevel.SECRET, rule));
            }
        }
    }
}
