package dev.acf.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} value ({@code 00-<trace id>-<parent id>-<flags>}):
 * parsed strictly, formatted canonically, and continued with {@link #child()} so the gateway
 * appears as one hop in the caller's trace without any OpenTelemetry SDK. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * TraceContext upstream = TraceContext.parse(request.headers().first("traceparent").orElse(""))
 *         .map(TraceContext::child)
 *         .orElseGet(TraceContext::root);
 * headers = headers.with(TraceContext.TRACEPARENT, upstream.format());
 * }</pre>
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero: the span this value names as parent
 * @param flags the trace flags; bit 0 is "sampled"
 */
public record TraceContext(String traceId, String spanId, int flags) {
    /** The header carrying the trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** The header carrying vendor trace state, passed on unchanged. */
    public static final String TRACESTATE = "tracestate";

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    /** Validates the ids and flags. */
    public TraceContext {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        if (!isHex(traceId, 32) || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("trace id must be 32 lower-case hex digits, not all zero, was '" + traceId + "'");
        }
        if (!isHex(spanId, 16) || spanId.equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("span id must be 16 lower-case hex digits, not all zero, was '" + spanId + "'");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("trace flags must be one byte, was " + flags);
        }
    }

    /** Starts a new, sampled trace with fresh random ids. */
    public static TraceContext root() {
        return new TraceContext(randomHex(16, ZERO_TRACE), randomHex(8, ZERO_SPAN), 1);
    }

    /**
     * Parses a {@code traceparent} header value. Version {@code 00} must be exactly 55
     * characters; a later version may carry more fields after the flags, which are dropped
     * (the spec's forward compatibility). Version {@code ff}, upper-case hex and all-zero ids
     * are invalid.
     *
     * @return the context, or empty when the value is not valid
     */
    public static Optional<TraceContext> parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip();
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-') {
            return Optional.empty();
        }
        String version = v.substring(0, 2);
        if (!isHex(version, 2) || version.equals("ff") || (version.equals("00") && v.length() != 55)
                || (v.length() > 55 && v.charAt(55) != '-')) {
            return Optional.empty();
        }
        String traceId = v.substring(3, 35);
        String spanId = v.substring(36, 52);
        String flags = v.substring(53, 55);
        if (!isHex(traceId, 32) || traceId.equals(ZERO_TRACE) || !isHex(spanId, 16) || spanId.equals(ZERO_SPAN) || !isHex(flags, 2)) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceId, spanId, Integer.parseInt(flags, 16)));
    }

    /** Returns the next hop: the same trace and flags with a fresh span id. */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8, ZERO_SPAN), flags);
    }

    /** Returns true when the caller asked for this trace to be recorded. */
    public boolean sampled() {
        return (flags & 1) == 1;
    }

    /** Returns the canonical version-00 header value. */
    public String format() {
        return "00-" + traceId + "-" + spanId + "-" + HEX.toHexDigits((byte) flags);
    }

    @Override
    public String toString() {
        return format();
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Returns 8 or 16 random bytes in hex, never all zero; from longs, written once into the string's own bytes. */
    private static String randomHex(int bytes, String zero) {
        byte[] out = new byte[bytes * 2];
        String hex;
        do {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int at = 0; at < out.length; at += 16) {
                long value = random.nextLong();
                for (int k = 15; k >= 0; k--) {
                    out[at + k] = DIGITS[(int) value & 15];
                    value >>>= 4;
                }
            }
            hex = new String(out, StandardCharsets.ISO_8859_1);
        } while (hex.equals(zero));
        return hex;
    }
}
