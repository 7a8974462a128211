package dev.acf.api.gateway;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message body a filter can read. This form holds the whole body in memory, up to the
 * gateway's configured aggregation limit; streamed bodies reach filters through the
 * streaming hooks instead, so a filter that never reads the body costs nothing.
 * Immutable and thread-safe.
 */
public final class Body {
    private static final Body EMPTY = new Body(new byte[0]);

    private final byte[] bytes;

    private Body(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Returns an empty body. */
    public static Body empty() {
        return EMPTY;
    }

    /** Returns a body holding a copy of these bytes. */
    public static Body of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes.clone());
    }

    /**
     * Returns a body holding these bytes without copying them: the caller hands the array over
     * and must not change it afterwards (transports that have just read or aggregated it).
     */
    public static Body ofOwned(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Body(bytes);
    }

    /** Returns the body as a stream, without copying the bytes (parsers read it this way). */
    public InputStream inputStream() {
        return new ByteArrayInputStream(bytes);
    }

    /** Returns a read-only view of the bytes, without copying them (transports write it this way). */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Returns a body holding the UTF-8 encoding of the text. */
    public static Body of(String text) {
        return ofOwned(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Returns the length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Returns true when the body has no bytes. */
    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Body b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Body[" + bytes.length + " bytes]";
    }
}
