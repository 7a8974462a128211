package dev.acf.ans;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A plain HTTP client for ANS API tests: real sockets, no ACF client code in between. */
final class AnsHttp {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    AnsHttp(URI base) {
        this.base = base;
    }

    /** A response with its body as bytes and, when it is JSON, as a tree. */
    record Answer(int status, HttpResponse<byte[]> raw) {
        JsonNode json() {
            return AcfJson.readTree(raw.body());
        }

        String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        @Nullable String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer get(String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + bearer).GET());
    }

    Answer post(String path, @Nullable String bearer, Object body) {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : AcfJson.writeBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
