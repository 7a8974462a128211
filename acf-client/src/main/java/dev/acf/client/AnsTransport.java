package dev.acf.client;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorBody;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.client.jws.RequestSigner;
import dev.acf.client.jws.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange with an ANS: sends JSON, agent-signed JOSE or nothing; reads the answer
 * within a size limit; verifies the {@code ACF-Signature} of every successful answer before
 * anyone parses it; turns error bodies into typed exceptions and I/O failures into
 * {@link UnavailableException}s. Thread-safe.
 */
final class AnsTransport {
    static final MediaType JSON = MediaType.get("application/json");
    static final MediaType JOSE = MediaType.get("application/jose");

    /** A verified (or, for unsigned resources, plain) answer. */
    record Answer(int status, byte[] body) {}

    private final HttpUrl base;
    private final OkHttpClient http;
    private final AnsKeys keys;
    private final Clock clock;
    private final int maxBodyBytes;

    /**
     * @param keys builds the trusted keys from a supplier of the {@code /.well-known/ans} document
     */
    AnsTransport(HttpUrl base, OkHttpClient http, Clock clock, int maxBodyBytes, Function<Supplier<byte[]>, AnsKeys> keys) {
        this.base = base;
        this.http = http;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.keys = keys.apply(() -> getPlain(url(".well-known", "ans")).body());
    }

    HttpUrl base() {
        return base;
    }

    AnsKeys keys() {
        return keys;
    }

    /** Returns the URL of a path below the base, each segment encoded. */
    HttpUrl url(String... segments) {
        HttpUrl.Builder builder = base.newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder.build();
    }

    /** GETs a signed resource; 2xx answers are verified. */
    Answer getSigned(HttpUrl url) {
        return exchange(new Request.Builder().url(url).get().build(), true);
    }

    /** GETs an unsigned resource (the JWKS, the CA chain). */
    Answer getPlain(HttpUrl url) {
        return exchange(new Request.Builder().url(url).get().build(), false);
    }

    /** POSTs JSON, with a bearer token if given; 2xx answers are verified. */
    Answer postJson(HttpUrl url, Object body, @Nullable String bearer) {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(AcfJson.writeBytes(body), JSON));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build(), true);
    }

    /** Sends a method with an optional JSON body and bearer token; 2xx answers are verified. */
    Answer send(String method, HttpUrl url, @Nullable Object body, @Nullable String bearer) {
        RequestBody content = body == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0], JSON))
                : RequestBody.create(AcfJson.writeBytes(body), JSON);
        Request.Builder request = new Request.Builder().url(url).method(method, content);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build(), true);
    }

    /**
     * Sends a body signed with an agent's key, bound to the method and the encoded path exactly
     * as sent on the wire; 2xx answers are verified.
     */
    Answer sendSigned(String method, HttpUrl url, Object payload, PrivateKey key) {
        String jws = RequestSigner.of(key, clock).sign(AcfJson.writeBytes(payload), method, url.encodedPath());
        Request request = new Request.Builder().url(url).method(method, RequestBody.create(jws.getBytes(StandardCharsets.US_ASCII), JOSE)).build();
        return exchange(request, true);
    }

    private Answer exchange(Request request, boolean signed) {
        try (Response response = http.newCall(request).execute()) {
            byte[] body = read(response);
            int status = response.code();
            if (status < 200 || status > 299) {
                throw failure(status, body);
            }
            if (signed) {
                keys.verify(response.header(SignatureVerifier.HEADER), body);
            }
            return new Answer(status, body);
        } catch (InterruptedIOException e) {
            throw new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT,
                    "ANS at " + base + " did not answer " + request.method() + " " + request.url().encodedPath() + " in time", e);
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE,
                    "cannot reach ANS at " + base + " (" + request.method() + " " + request.url().encodedPath() + "): " + e.getMessage(), e);
        }
    }

    private byte[] read(Response response) throws IOException {
        try (InputStream in = response.body().byteStream()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "the ANS answer is larger than " + maxBodyBytes + " bytes: refused");
            }
            return bytes;
        }
    }

    private AcfException failure(int status, byte[] body) {
        try {
            return AcfJson.read(body, ErrorBody.class).toException(status);
        } catch (AcfException notAnErrorBody) {
            return new UnavailableException(ErrorCode.UPSTREAM_FAILED,
                    "ANS at " + base + " answered HTTP " + status + " without an ACF error body; is it an ANS?");
        }
    }
}
