package dev.acf.ans.http;

import dev.acf.api.json.AcfJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: status, content type, body, extra headers, and whether the body is
 * signed ({@code ACF-Signature}, ANS-RES-4).
 *
 * @param status the HTTP status
 * @param contentType the media type of the body
 * @param body the exact bytes sent
 * @param headers extra response headers
 * @param signed whether the handler adds a detached JWS over the body
 */
record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers, boolean signed) {

    HttpAnswer {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** A JSON answer that clients act on: signed. */
    static HttpAnswer signedJson(int status, Object value) {
        return new HttpAnswer(status, "application/json", AcfJson.writeBytes(value), Map.of(), true);
    }

    /** A JSON answer that is informational only. */
    static HttpAnswer json(int status, Object value) {
        return new HttpAnswer(status, "application/json", AcfJson.writeBytes(value), Map.of(), false);
    }

    /** A text answer. */
    static HttpAnswer text(int status, String contentType, String text) {
        return new HttpAnswer(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of(), false);
    }

    /** A binary answer. */
    static HttpAnswer bytes(int status, String contentType, byte[] body) {
        return new HttpAnswer(status, contentType, body, Map.of(), false);
    }
}
