package dev.acf.ans.http;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /console/}: the operator console (ANS-MON-1), a few static files of this jar
 * (resources under {@code dev/acf/ans/console/}) that call the ANS API from the browser with
 * the administrator token. The files themselves are public: every datum they show comes from
 * admin endpoints, which check the token.
 *
 * <p>Every answer carries a Content-Security-Policy that allows only this origin's own scripts,
 * styles and API calls — no inline script, no eval, no framing — so text an agent registered
 * (names, descriptions: attacker-controlled) cannot run even if the page failed to escape it.
 * Files are revalidated on every load ({@code no-cache} with a strong {@code ETag}), so a new
 * ANS version is never shown with old scripts. Immutable and thread-safe.
 */
final class ConsoleRoutes {
    /** The path prefix, without slashes. */
    static final String PREFIX = "console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String RESOURCES = "/dev/acf/ans/console/";
    private static final List<String> FILES = List.of("index.html", "console.css", "console.js", "graph.js", "api.js");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    ConsoleRoutes() {
        for (String file : FILES) {
            byte[] body = resource(RESOURCES + file);
            assets.put(file, new Asset(contentType(file), body, "\"" + sha256(body) + "\""));
        }
    }

    /** One file: its type, bytes and entity tag. */
    private record Asset(String contentType, byte[] body, String etag) {}

    /** Whether a call is for the console. */
    static boolean matches(List<String> segments) {
        return !segments.isEmpty() && segments.get(0).equals(PREFIX);
    }

    /** Answers {@code GET|HEAD /console[/file]}. */
    HttpAnswer handle(HttpCall call) {
        List<String> s = call.segments();
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            throw new AnsRoutes.MethodNotAllowed("GET");
        }
        if (s.size() == 1 && !call.rawPath().endsWith("/")) {
            // Relative links in the page resolve against /console/, not /.
            return new HttpAnswer(308, "text/plain; charset=utf-8", "see /console/\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    withSecurity(Map.of("Location", "/" + PREFIX + "/", "Cache-Control", "no-store")), false);
        }
        String file = s.size() == 1 ? "index.html" : s.size() == 2 ? s.get(1) : "";
        Asset asset = assets.get(file);
        if (asset == null) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no such console file: /" + String.join("/", s));
        }
        Map<String, String> headers = withSecurity(Map.of("ETag", asset.etag(), "Cache-Control", "no-cache"));
        if (call.header("If-None-Match").map(tags -> matchesTag(tags, asset.etag())).orElse(false)) {
            return new HttpAnswer(304, asset.contentType(), new byte[0], headers, false);
        }
        return new HttpAnswer(200, asset.contentType(), asset.body(), headers, false);
    }

    private static Map<String, String> withSecurity(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put("Content-Security-Policy", CSP);
        out.put("X-Content-Type-Options", "nosniff");
        out.put("Referrer-Policy", "no-referrer");
        out.put("X-Frame-Options", "DENY");
        out.put("Cross-Origin-Opener-Policy", "same-origin");
        return out;
    }

    private static boolean matchesTag(String header, String etag) {
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type known for " + file);
    }

    private static byte[] resource(String path) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
