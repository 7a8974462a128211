/**
 * The gateway's transport: Netty listeners (plaintext and TLS, epoll when available, NIO
 * otherwise) speaking HTTP/1.1 with keep-alive and chunked bodies, and HTTP/2 (h2c by prior
 * knowledge or {@code Upgrade}, h2 over TLS when the TLS context offers it by ALPN), the limits
 * (header and body sizes, request and idle timeouts, connection count) and graceful drain.
 * The transport reads one request per connection (or HTTP/2 stream) at a time, with
 * {@code autoRead} off while it is processed, and hands complete requests to a
 * {@link dev.acf.gateway.server.RequestDispatcher} that runs the filter chain off the event
 * loop. Nothing here is an extension point.
 */
@NullMarked
package dev.acf.gateway.server;

import org.jspecify.annotations.NullMarked;
