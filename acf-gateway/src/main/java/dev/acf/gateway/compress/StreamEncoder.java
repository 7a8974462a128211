package dev.acf.gateway.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Encodes a body that arrives in pieces (an SSE stream): every piece comes out flushed, so the
 * client can decode all of it at once and no event is held back waiting for more input. Holds
 * native compressor memory until {@link #finish()} or {@link #close()}. Not thread-safe: one
 * stream, one thread at a time.
 */
public final class StreamEncoder implements AutoCloseable {
    private final ContentCoding coding;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream(512);
    private final OutputStream encoder;
    private boolean closed;

    StreamEncoder(ContentCoding coding) {
        this.coding = coding;
        try {
            this.encoder = coding.encoding(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the coding this encoder produces. */
    public ContentCoding coding() {
        return coding;
    }

    /** Returns the encoded bytes of {@code piece}, flushed: decodable with everything before them. */
    public byte[] encode(byte[] piece, int offset, int length) {
        try {
            encoder.write(piece, offset, length);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    /** Returns the last encoded bytes (the coding's trailer) and releases the compressor. */
    public byte[] finish() {
        close();
        return drain();
    }

    /** Releases the compressor; what was not finished is dropped. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            encoder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] drain() {
        byte[] out = sink.toByteArray();
        sink.reset();
        return out;
    }
}
