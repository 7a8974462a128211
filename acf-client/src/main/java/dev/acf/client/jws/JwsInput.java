package dev.acf.client.jws;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.acf.api.error.TrustException;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a compact JWS defensively: the header is inspected before nimbus sees it so that
 * {@code alg: none}, HMAC, critical extensions and unencoded payloads are refused with a
 * message that says which rule was broken, not a generic parse error.
 */
final class JwsInput {
    /** Longest header part accepted; real headers are a few hundred bytes. */
    private static final int MAX_HEADER_CHARS = 8 * 1024;

    private JwsInput() {}

    /**
     * Parses a JWS whose payload is either attached (detachedPayload null) or detached (the
     * middle part empty, the payload given).
     */
    static JWSObject parse(@Nullable String compact, byte @Nullable [] detachedPayload) {
        if (compact == null || compact.isBlank()) {
            throw refuse("missing signature: no JWS given");
        }
        String jws = compact.strip();
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw refuse("malformed JWS: expected 3 dot-separated parts, found " + parts.length);
        }
        if (detachedPayload != null && !parts[1].isEmpty()) {
            throw refuse("malformed JWS: expected a detached payload (header..signature), found an attached one");
        }
        if (parts[0].length() > MAX_HEADER_CHARS) {
            throw refuse("malformed JWS: header longer than " + MAX_HEADER_CHARS + " characters");
        }
        checkHeader(parts[0]);
        if (parts[2].isEmpty()) {
            throw refuse("malformed JWS: the signature part is empty");
        }
        try {
            return detachedPayload == null ? JWSObject.parse(jws) : JWSObject.parse(jws, new Payload(detachedPayload));
        } catch (ParseException e) {
            throw refuse("malformed JWS: " + e.getMessage());
        }
    }

    private static void checkHeader(String encodedHeader) {
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(encodedHeader).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw refuse("malformed JWS: the header is not base64url-encoded JSON");
        }
        if (!(header.get("alg") instanceof String alg) || alg.isBlank()) {
            throw refuse("malformed JWS: the header has no alg");
        }
        String upper = alg.toUpperCase(Locale.ROOT);
        if (upper.equals("NONE")) {
            throw refuse("unsigned JWS (alg none) refused");
        }
        if (upper.startsWith("HS")) {
            throw refuse("HMAC algorithm " + alg + " refused: only public-key signatures are accepted");
        }
        if (header.containsKey("crit")) {
            throw refuse("critical header parameters " + header.get("crit") + " are not supported");
        }
        if (header.containsKey("b64")) {
            throw refuse("the b64 header parameter is not supported: payloads are base64url-encoded");
        }
    }

    static TrustException refuse(String message) {
        return new TrustException(message);
    }
}
