/**
 * The gateway's transport: Netty listeners (plaintext and TLS, epoll when available, NIO
 * otherwise) speaking HTTP/1.1 with keep-alive and chunked bodies, the per-connection limits
 * (header and body sizes, request and idle timeouts, connection count) and graceful drain.
 * The transport reads one request at a time with {@code autoRead} off while it is processed,
 * and hands complete requests to a {@link dev.acf.gateway.server.RequestDispatcher} that runs
 * the filter chain off the event loop. Nothing here is an extension point.
 */
@NullMarked
package dev.acf.gateway.server;

import org.jspecify.annotations.NullMarked;
