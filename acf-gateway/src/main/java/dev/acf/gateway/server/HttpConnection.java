package dev.acf.gateway.server;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.compress.ContentCoding;
import dev.acf.gateway.pipeline.ErrorResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, or one HTTP/2 stream: reads one request at a time, aggregates its body up to the limit,
 * hands it to the dispatcher, writes the answer and only then handles the next request. A
 * client pipelining requests while one is processed, or sending its last request (which it
 * may follow by half-closing), gets its reading paused ({@code autoRead} off) until the answer
 * is written; a keep-alive client that waits for its answers (the common case) never has its
 * socket's read interest changed. All state is touched on the channel's event
 * loop only.
 *
 * <p>One timer per connection serves both timeouts: it fires at the earliest deadline it may
 * have to enforce and then re-checks the current one, so a request on a busy keep-alive
 * connection schedules and cancels nothing (each timer task costs a queue insertion and removal).
 *
 * <pre>
 *   IDLE --first byte--> READING --last content--> PROCESSING --answer written--> IDLE
 *     |  idle timeout: close   |  request timeout: 408, close     |  draining or !keep-alive: close
 *                              |  body over the limit: 413, the rest of the body dropped, then close
 * </pre>
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    private static final ErrorCode REQUEST_TIMEOUT = new ErrorCode("request_timeout", 408);
    /**
     * How many times the body limit a request over it may still send after its 413, read and
     * dropped: a client sends its whole body before it reads the answer, and closing the
     * connection on unread bytes resets it, so the client would see a broken connection instead
     * of the 413. A body declared larger is not waited for.
     */
    static final int LINGERED_BODY_LIMITS = 4;
    /** How long a connection refused with 413 stays open for the rest of the body (or the client's close). */
    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum State { IDLE, READING, PROCESSING, CLOSING }

    private final ServerContext server;
    private final boolean secure;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();
    private @Nullable ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private @Nullable ScheduledFuture<?> timer;
    /** When {@link #timer} fires, in {@link System#nanoTime()} terms. */
    private long timerAt;
    /** When the current state's timeout is due; {@link Long#MAX_VALUE} while processing. */
    private long deadline = Long.MAX_VALUE;
    /** True while reading is paused because pipelined requests wait in the backlog. */
    private boolean readPaused;
    private @Nullable HttpRequest head;
    private @Nullable CompositeByteBuf body;
    private long bodyBytes;
    private boolean keepAlive;
    private String requestId = "";
    private long headNanos;
    private @Nullable StreamedBody streaming;
    private boolean inFlight;
    /** Bytes a connection refused with 413 may still read and drop before it closes; negative when not lingering. */
    private long lingerBytes = -1;

    HttpConnection(ServerContext server, boolean secure) {
        this.server = server;
        this.secure = secure;
    }

    /** Called by the byte watcher ahead of the codec: a request has started arriving. */
    void bytesArrived() {
        if (state == State.IDLE) {
            startReading();
        }
    }

    /** Called on the event loop when the server drains: idle connections go now, busy ones after their answer. */
    void drain() {
        if (state == State.IDLE && ctx != null) {
            state = State.CLOSING;
            ctx.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        scheduleIdle();
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelTimer();
        state = State.CLOSING;
        endRequest();
        releaseBody();
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
        StreamedBody stream = streaming;
        streaming = null;
        if (stream != null) {
            stream.cancel();
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
                || event instanceof HttpServerUpgradeHandler.UpgradeEvent) {
            // The connection now speaks HTTP/2: its streams get their own handlers; this one leaves.
            cancelTimer();
            state = State.CLOSING;
            if (context.pipeline().get("watch") != null) {
                context.pipeline().remove("watch");
            }
            context.pipeline().remove(this);
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        StreamedBody stream = streaming;
        if (stream != null && context.channel().isWritable()) {
            stream.clientWritable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.debug("connection {} failed: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (state == State.PROCESSING) {
            // Pipelined bytes the codec had already decoded: kept, and reading paused, so this stays small.
            backlog.add(msg);
            if (!readPaused) {
                readPaused = true;
                context.channel().config().setAutoRead(false);
            }
            return;
        }
        if (state == State.CLOSING) {
            if (lingerBytes >= 0 && msg instanceof HttpContent content) {
                lingerBytes -= content.content().readableBytes();
                if (lingerBytes < 0 || content instanceof LastHttpContent) {
                    lingerBytes = -1;
                    context.close(); // the whole body is in (nothing unread to reset the connection), or too much of it
                }
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onHead(request);
            }
            if (msg instanceof HttpContent content && state == State.READING && head != null) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpRequest request) {
        if (state == State.IDLE) {
            startReading();
        }
        requestId = RequestIds.next();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongHttpHeaderException) {
                reject(ErrorCode.HEADERS_TOO_LARGE, "request headers exceed " + server.limits().maxHeaderBytes() + " bytes", null);
            } else {
                reject(ErrorCode.INVALID_REQUEST, "malformed HTTP request", null);
            }
            return;
        }
        String malformed = Http1Messages.malformed(request);
        if (malformed != null) {
            reject(ErrorCode.INVALID_REQUEST, malformed, request);
            return;
        }
        head = request;
        keepAlive = HttpUtil.isKeepAlive(request);
        bodyBytes = 0;
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > server.limits().maxBodyBytes()) {
            bodyBytes = declared;
            long lingered = (long) LINGERED_BODY_LIMITS * server.limits().maxBodyBytes();
            rejectTooLarge(request, declared <= lingered ? declared : -1);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        body = ctx().alloc().compositeBuffer(1024);
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            reject(ErrorCode.INVALID_REQUEST, "malformed HTTP request body", head);
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > server.limits().maxBodyBytes()) {
            // A chunked body of unknown length: its rest is dropped up to the lingering bound.
            rejectTooLarge(head, (long) LINGERED_BODY_LIMITS * server.limits().maxBodyBytes() - bodyBytes);
            return;
        }
        if (content.content().isReadable() && body != null) {
            body.addComponent(true, content.content().retain());
        }
        if (content instanceof LastHttpContent) {
            dispatch();
        }
    }

    private String tooLarge() {
        return "request body exceeds " + server.limits().maxBodyBytes() + " bytes";
    }

    private void dispatch() {
        deadline = Long.MAX_VALUE;
        state = State.PROCESSING;
        if (!keepAlive && !readPaused) {
            // A client closing after this request may half-close its side now: reading its FIN
            // would close the connection before the answer goes out.
            readPaused = true;
            ctx().channel().config().setAutoRead(false);
        }
        HttpRequest request = head;
        byte[] bytes = body == null ? new byte[0] : ByteBufUtil.getBytes(body);
        releaseBody();
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && server.compression().enabled()) {
            try {
                bytes = ContentCoding.decodeAll(bytes, encoding, server.limits().maxBodyBytes());
            } catch (AcfException e) {
                reject(e.code(), e.getMessage(), request);
                return;
            }
            // The filters and the agent see the body as it is now: decoded, with its own length.
            request.headers().remove(HttpHeaderNames.CONTENT_ENCODING).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        }
        Exchange.Request exchangeRequest = new Exchange.Request(request.method().name(), request.uri(),
                Http1Messages.headers(request.headers()), Body.ofOwned(bytes));
        inFlight = true;
        server.requestStarted();
        try {
            server.dispatcher().dispatch(new Inbound(this, requestId, exchangeRequest, peerCertificates(), request.method(), secure,
                    headNanos));
        } catch (RuntimeException e) {
            LOG.error("dispatcher failed for request {}", requestId, e);
            write(ErrorResponses.of(e, requestId), request.method());
        }
    }

    private List<X509Certificate> peerCertificates() {
        Channel channel = ctx().channel();
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null && channel.parent() != null) {
            tls = channel.parent().pipeline().get(SslHandler.class);
        }
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : tls.engine().getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /** Writes a complete answer for the current request; on the event loop. */
    void write(Exchange.Response response, HttpMethod method) {
        if (state != State.PROCESSING) {
            return;
        }
        boolean close = !keepAlive || server.draining();
        state = State.CLOSING;
        boolean isHead = method.equals(HttpMethod.HEAD);
        FullHttpResponse out = Http1Messages.full(response, isHead, close);
        HttpRequest request = head;
        if (request != null) {
            out = ResponseCoding.full(out, request, server.compression(), isHead);
        }
        ctx().writeAndFlush(out)
                .addListener((ChannelFutureListener) f -> finish(f.isSuccess() && !close));
    }

    /** Writes the head of a streamed answer and lets the source pipe the body; on the event loop. */
    void writeStreaming(Exchange.Response response, StreamedBody source) {
        if (state != State.PROCESSING) {
            source.cancel();
            return;
        }
        boolean close = !keepAlive || server.draining();
        HttpResponse out = Http1Messages.streamingHead(response, close);
        HttpRequest request = head;
        ResponseCoding.Writer coding = request == null ? null : ResponseCoding.stream(out, request, server.compression());
        if (coding != null) {
            ctx().pipeline().addBefore(ctx().name(), null, coding);
        }
        streaming = source;
        ctx().write(out);
        source.pipe(ctx().channel(), failure -> ctx().executor().execute(() -> {
            streaming = null;
            if (failure != null) {
                LOG.debug("stream of request {} cut: {}", requestId, failure.toString());
                ctx().close();
            }
            state = State.CLOSING;
            finish(failure == null && !close);
        }));
    }

    private void endRequest() {
        if (inFlight) {
            inFlight = false;
            server.requestFinished();
        }
    }

    private void finish(boolean reuse) {
        endRequest();
        head = null;
        if (!reuse || server.draining() || !ctx().channel().isActive()) {
            ctx().close();
            return;
        }
        state = State.IDLE;
        scheduleIdle();
        if (readPaused) {
            readPaused = false;
            ctx().channel().config().setAutoRead(true);
        }
        while (!backlog.isEmpty() && (state == State.IDLE || state == State.READING)) {
            handle(backlog.poll());
        }
    }

    /**
     * Answers 413 and lingers: the connection stays open, reading and dropping up to
     * {@code rest} more bytes, until the body's end, the client's close (it was told
     * {@code Connection: close}) or {@link #LINGER_NANOS}. With {@code rest} negative, or on an
     * HTTP/2 stream (whose reset spares the connection), it closes at once like any refusal.
     */
    private void rejectTooLarge(@Nullable HttpRequest request, long rest) {
        if (rest < 0 || ctx().channel() instanceof Http2StreamChannel) {
            reject(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(), request);
            return;
        }
        refuse(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(), request);
        lingerBytes = rest;
        readPaused = false;
        ctx().channel().config().setAutoRead(true);
        ChannelHandlerContext context = ctx();
        context.executor().schedule(() -> context.close(), LINGER_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * Answers a request the transport refuses itself, then closes: the rest of its bytes are not
     * worth reading. The refusal is told to the server (audit, metrics) before the answer goes out.
     *
     * @param request the request's head when it was understood, for its method and path
     */
    private void reject(ErrorCode code, String message, @Nullable HttpRequest request) {
        ctx().channel().config().setAutoRead(false);
        refuse(code, message, request).addListener(ChannelFutureListener.CLOSE);
    }

    /** Tells the server of the refusal (audit, metrics), then writes the answer with {@code Connection: close}. */
    private ChannelFuture refuse(ErrorCode code, String message, @Nullable HttpRequest request) {
        Exchange.Response response = ErrorResponses.of(code, message, requestId).withHeader("acf-request-id", requestId);
        server.refused(new TransportRefusal(requestId, code.httpStatus(), code.id(), request == null ? null : request.method().name(),
                request == null ? null : request.uri(), peerCertificates(), bodyBytes, headNanos));
        cancelTimer();
        releaseBody();
        state = State.CLOSING;
        return ctx().writeAndFlush(Http1Messages.full(response, false, true));
    }

    private void startReading() {
        state = State.READING;
        headNanos = System.nanoTime();
        bodyBytes = 0;
        arm(headNanos + server.limits().requestReadTimeout().toNanos(), headNanos);
    }

    private void scheduleIdle() {
        long now = System.nanoTime();
        arm(now + server.limits().idleTimeout().toNanos(), now);
    }

    /**
     * Sets the current state's deadline. The timer is left alone when it fires before the
     * deadline (it re-checks then); otherwise it is moved, and never further than the shorter of
     * the two timeouts from now, so that the next request's read deadline needs no move either.
     */
    private void arm(long due, long now) {
        deadline = due;
        if (timer != null && timerAt - due <= 0) {
            return;
        }
        cancelTimer();
        long at = Math.min(due, now + shortestTimeoutNanos());
        timerAt = at;
        timer = ctx().executor().schedule(this::onTimer, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private long shortestTimeoutNanos() {
        return Math.min(server.limits().requestReadTimeout().toNanos(), server.limits().idleTimeout().toNanos());
    }

    private void onTimer() {
        timer = null;
        if (deadline == Long.MAX_VALUE || state == State.CLOSING || state == State.PROCESSING) {
            return;
        }
        long now = System.nanoTime();
        if (deadline - now > 0) {
            arm(deadline, now);
            return;
        }
        if (state == State.READING) {
            requestId = RequestIds.next();
            reject(REQUEST_TIMEOUT, "request not received within " + server.limits().requestReadTimeout().toMillis() + " ms", head);
        } else if (state == State.IDLE) {
            state = State.CLOSING;
            ctx().close();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    ChannelHandlerContext ctx() {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        return c;
    }
}
