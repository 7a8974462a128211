package dev.acf.gateway.server;

import dev.acf.gateway.compress.Compression;
import dev.acf.gateway.compress.ContentCoding;
import dev.acf.gateway.compress.StreamEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link Compression} to the responses of a connection: a whole body is encoded in place;
 * a streamed one gets a {@link Writer} in the pipeline for its duration, encoding and flushing each
 * piece as it is written. The cheap checks (size, status, existing coding, type) come first, so a
 * response that is not compressed costs a few header lookups.
 */
final class ResponseCoding {
    private ResponseCoding() {}

    /** Returns {@code out}, or a compressed copy of it when the request accepts a coding and the body deserves one. */
    static FullHttpResponse full(FullHttpResponse out, HttpRequest request, Compression compression, boolean head) {
        if (!compression.enabled() || head) {
            return out;
        }
        ByteBuf content = out.content();
        int length = content.readableBytes();
        if (length < compression.minBytes() || length == 0) {
            return out;
        }
        ContentCoding coding = choose(out, request, compression);
        if (coding == null) {
            return out;
        }
        byte[] encoded = coding.encode(ByteBufUtil.getBytes(content, content.readerIndex(), length, false));
        if (encoded.length >= length) {
            return out;
        }
        HttpHeaders headers = out.headers();
        headers.set(HttpHeaderNames.CONTENT_ENCODING, coding.token());
        headers.set(HttpHeaderNames.CONTENT_LENGTH, encoded.length);
        FullHttpResponse compressed = out.replace(Unpooled.wrappedBuffer(encoded));
        out.release();
        return compressed;
    }

    /**
     * Prepares the head of a streamed response for compression and returns the writer to put in the
     * pipeline, or null when the body goes out as it is.
     */
    static @Nullable Writer stream(HttpResponse out, HttpRequest request, Compression compression) {
        if (!compression.enabled()) {
            return null;
        }
        long declared = HttpUtil.getContentLength(out, -1L);
        if (declared >= 0 && declared < Math.max(1, compression.minBytes())) {
            return null;
        }
        ContentCoding coding = choose(out, request, compression);
        if (coding == null) {
            return null;
        }
        HttpHeaders headers = out.headers();
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers.set(HttpHeaderNames.CONTENT_ENCODING, coding.token());
        return new Writer(coding.newStreamEncoder());
    }

    /**
     * Returns the coding for this response, adding {@code Vary: Accept-Encoding} whenever the
     * response is one that is compressed for clients asking; null to send it as it is.
     */
    private static @Nullable ContentCoding choose(HttpResponse out, HttpRequest request, Compression compression) {
        int status = out.status().code();
        if (status < 200 || status == 204 || status == 206 || status == 304) {
            return null;
        }
        HttpHeaders headers = out.headers();
        // Never compress twice: what the agent encoded goes out as it is.
        if (headers.contains(HttpHeaderNames.CONTENT_ENCODING) || headers.contains(HttpHeaderNames.CONTENT_RANGE)
                || !compression.compressible(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
            return null;
        }
        vary(headers);
        ContentCoding coding = compression.negotiate(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        if (coding != null) {
            // The encoded bytes differ from the agent's: a strong validator would claim byte equality.
            String etag = headers.get(HttpHeaderNames.ETAG);
            if (etag != null && !etag.startsWith("W/")) {
                headers.set(HttpHeaderNames.ETAG, "W/" + etag);
            }
        }
        return coding;
    }

    private static void vary(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.VARY)) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("accept-encoding") || v.trim().equals("*")) {
                return;
            }
        }
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    }

    /**
     * Encodes the pieces of one streamed body on their way out, each flushed so an event is never
     * held back; leaves the pipeline after the last piece and releases its compressor then (or when
     * the channel closes). On the channel's event loop.
     */
    static final class Writer extends ChannelOutboundHandlerAdapter {
        private final StreamEncoder encoder;

        Writer(StreamEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof HttpContent content) || msg instanceof HttpResponse) {
                ctx.write(msg, promise);
                return;
            }
            boolean last = content instanceof LastHttpContent;
            HttpContent encoded;
            try {
                ByteBuf in = content.content();
                byte[] piece = in.isReadable() ? encoder.encode(ByteBufUtil.getBytes(in, in.readerIndex(), in.readableBytes(), false),
                        0, in.readableBytes()) : new byte[0];
                if (last) {
                    byte[] tail = encoder.finish();
                    DefaultLastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(piece, tail));
                    end.trailingHeaders().set(((LastHttpContent) content).trailingHeaders());
                    encoded = end;
                } else {
                    encoded = new DefaultHttpContent(Unpooled.wrappedBuffer(piece));
                }
            } catch (RuntimeException e) {
                promise.setFailure(e);
                return;
            } finally {
                ReferenceCountUtil.release(content);
            }
            ctx.write(encoded, promise);
            if (last) {
                ctx.pipeline().remove(this);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            encoder.close();
        }
    }
}
