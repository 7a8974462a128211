package dev.acf.ans.http;

import dev.acf.ans.AnsService;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorBody;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler of the ANS API: reads the request within its size limit, hands it to
 * {@link AnsRoutes}, signs what clients act on, and turns every failure into the API-4 error
 * body. Bad input never yields a 5xx or a stack trace (REL-5): only an unexpected failure
 * is a 500, logged here with its request id and reported without detail.
 */
final class AnsHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AnsHandler.class);

    private final AnsRoutes routes;
    private final @Nullable ResponseSigner signer;
    private final EventStream events;
    private final int maxBodyBytes;
    private volatile @Nullable SyncRoutes sync;

    AnsHandler(AnsRoutes routes, @Nullable ResponseSigner signer, AnsService service, int maxBodyBytes) {
        this.routes = routes;
        this.signer = signer;
        this.events = new EventStream(service, signer);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Serves the sync routes (ANS-SYNC-2) from now on. */
    void serveSync(SyncRoutes routes) {
        this.sync = routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put("ACF-Request-Id", requestId);
        try {
            List<String> segments = segments(request.getHttpURI().getPath());
            if (segments.equals(List.of("v1", "events")) && request.getMethod().equals("GET")) {
                events.serve(request, response, callback, query(request).get("after"),
                        new HttpCall("GET", "", segments, Map.of(), headers(request), new byte[0], requestId).bearer());
                return true;
            }
            if (GraphRoutes.isStream(segments, request.getMethod())) {
                routes.graph().stream(response, callback, new HttpCall("GET", request.getHttpURI().getPath(), segments, query(request),
                        headers(request), new byte[0], requestId));
                return true;
            }
            SyncRoutes syncRoutes = sync;
            if (syncRoutes != null && SyncRoutes.isStream(segments, request.getMethod())) {
                syncRoutes.stream(request, response, callback, new HttpCall("GET", "", segments, Map.of(), headers(request), new byte[0], requestId).bearer());
                return true;
            }
            HttpCall call = new HttpCall(request.getMethod(), request.getHttpURI().getPath(), segments, query(request), headers(request), body(request), requestId);
            HttpAnswer answer = syncRoutes != null && SyncRoutes.matches(segments) ? syncRoutes.handle(call) : routes.handle(call);
            write(response, callback, answer, request.getMethod().equals("HEAD"));
        } catch (AcfException e) {
            if (e instanceof AnsRoutes.MethodNotAllowed notAllowed) {
                response.getHeaders().put(HttpHeader.ALLOW, notAllowed.allowed());
            }
            writeError(response, callback, e.httpStatus(), ErrorBody.of(e, requestId));
        } catch (RuntimeException | IOException e) {
            LOG.error("request {} {} {} failed", requestId, request.getMethod(), request.getHttpURI().getPath(), e);
            writeError(response, callback, 500, ErrorBody.of(e, requestId));
        }
        return true;
    }

    /** The size of the slices a large answer body is written in. */
    static final int WRITE_SLICE = 16 * 1024;

    private void write(Response response, Callback callback, HttpAnswer answer, boolean head) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (answer.signed() && signer != null) {
            response.getHeaders().put(ResponseSigner.HEADER, signer.signDetached(answer.body()));
        }
        if (!answer.headers().containsKey(HttpHeader.CACHE_CONTROL.asString())) {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        byte[] body = answer.body();
        if (head || body.length <= WRITE_SLICE) {
            response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
            return;
        }
        // A socket write of a heap buffer copies all that remains of it into a direct buffer, so one
        // large body written whole costs a copy per partial write (quadratic for a sync page of
        // megabytes); slices of it (views, no copy) bound each copy.
        List<ByteBuffer> slices = new ArrayList<>(body.length / WRITE_SLICE + 1);
        for (int at = 0; at < body.length; at += WRITE_SLICE) {
            slices.add(ByteBuffer.wrap(body, at, Math.min(WRITE_SLICE, body.length - at)).slice());
        }
        Content.copy(new ByteBufferContentSource(slices), response, callback);
    }

    static void writeError(Response response, Callback callback, int status, ErrorBody body) {
        byte[] json = AcfJson.writeBytes(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    /**
     * How many times the body limit a request over it may send before its 413. A client sends
     * its whole body before it reads the answer; closing the connection on unread bytes resets
     * it, and the client then sees a broken connection instead of the 413. So a body up to this
     * size is read to its end and dropped; a larger one is refused at once.
     */
    static final int DRAINED_BODY_LIMITS = 4;

    private byte[] body(Request request) throws IOException {
        long declared = request.getLength();
        long drainable = (long) DRAINED_BODY_LIMITS * maxBodyBytes;
        if (declared > drainable) {
            throw tooLarge(declared);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxBodyBytes) {
                drain(in, drainable);
                throw tooLarge(declared);
            }
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                drain(in, drainable - bytes.length); // a chunked body of unknown length
                throw tooLarge(bytes.length);
            }
            return bytes;
        }
    }

    /** Reads and drops up to {@code max} bytes, to the end of the body if it comes first. */
    private static void drain(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long read = 0;
        while (read < max) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, max - read));
            if (n < 0) {
                return;
            }
            read += n;
        }
    }

    private LimitExceededException tooLarge(long size) {
        return new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE,
                "request body of " + (size > maxBodyBytes ? "more than " + maxBodyBytes : size) + " bytes; at most " + maxBodyBytes + " are accepted");
    }

    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                try {
                    out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new dev.acf.api.error.ValidationException("malformed percent-encoding in the path");
                }
            }
        }
        return out;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> out = new HashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            for (Fields.Field field : fields) {
                out.put(field.getName(), field.getValue());
            }
        } catch (RuntimeException e) {
            throw new dev.acf.api.error.ValidationException("malformed query string");
        }
        return out;
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> out = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            out.putIfAbsent(field.getLowerCaseName().toLowerCase(Locale.ROOT), field.getValue());
        }
        return out;
    }
}
