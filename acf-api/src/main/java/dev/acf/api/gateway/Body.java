package dev.acf.api.gateway;

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

    /** Returns a body holding the UTF-8 encoding of the text. */
    public static Body of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
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
