package dev.acf.gateway.server;

import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The HTTP/1.1 rules the codec does not enforce, and the translation between Netty messages and exchange types. */
final class Http1Messages {
    /** Framing fields the transport sets itself; never copied from a response. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "upgrade", "proxy-connection", "te", "trailer");

    private Http1Messages() {}

    /** Returns why a request the codec accepted is not valid HTTP/1.1 (RFC 9112), or null when it is fine. */
    static @Nullable String malformed(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            return "unsupported HTTP version " + version.text();
        }
        String uri = request.uri();
        if (!uri.startsWith("/")) {
            return "the request target must be an absolute path";
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "the request target holds a character that must be percent-encoded";
            }
        }
        if (version.equals(HttpVersion.HTTP_1_1) && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return "an HTTP/1.1 request needs exactly one Host header";
        }
        return null;
    }

    /** Returns the header fields with lower-case names. */
    static HttpHeaders headers(io.netty.handler.codec.http.HttpHeaders in) {
        HttpHeaders.Builder fields = HttpHeaders.builder(in.size());
        for (Iterator<Map.Entry<CharSequence, CharSequence>> i = in.iteratorCharSequence(); i.hasNext();) {
            Map.Entry<CharSequence, CharSequence> h = i.next();
            String name = HeaderNames.lower(h.getKey());
            // Netty's HTTP/2-to-HTTP/1 conversion adds x-http2-* fields: transport detail, not part of the request.
            if (!name.startsWith("x-http2-")) {
                fields.add(name, h.getValue().toString());
            }
        }
        return fields.build();
    }

    /** Returns a complete response with its length set; no body for HEAD; {@code Connection: close} when asked. */
    static FullHttpResponse full(Exchange.Response response, boolean head, boolean close) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body().asReadOnlyBuffer()));
        copy(response.headers(), out);
        String length = head ? response.headers().first("content-length").orElse("0") : String.valueOf(response.body().length());
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        if (close) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return out;
    }

    /** Returns the head of a streamed response: its declared length if any, chunked otherwise. */
    static HttpResponse streamingHead(Exchange.Response response, boolean close) {
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        copy(response.headers(), out);
        response.headers().first("content-length").ifPresentOrElse(
                length -> out.headers().set(HttpHeaderNames.CONTENT_LENGTH, length),
                () -> HttpUtil.setTransferEncodingChunked(out, true));
        if (close) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return out;
    }

    private static void copy(HttpHeaders from, HttpResponse to) {
        from.fields().forEach((name, values) -> {
            if (!TRANSPORT_HEADERS.contains(name)) {
                to.headers().add(name, values);
            }
        });
    }
}
