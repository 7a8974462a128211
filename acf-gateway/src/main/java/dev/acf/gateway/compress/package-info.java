/**
 * Content coding between the gateway and its clients (GW-FWD-3): which coding a client accepts
 * ({@code Accept-Encoding} with q-values), which responses are worth compressing (type and
 * size), and the gzip and zstd encoders for whole bodies and for streams flushed piece by piece.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.gateway.compress;
