package dev.acf.gateway.compress;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A content coding the gateway can produce and read: gzip (the JDK's zlib) and zstd (zstd-jni).
 * Levels favour speed: gzip 5, zstd 3 (zstd's own default), both well below their maxima.
 */
public enum ContentCoding {
    /** RFC 1952 gzip. */
    GZIP("gzip") {
        @Override
        OutputStream encoding(OutputStream sink) throws IOException {
            return new LeveledGzip(sink);
        }

        @Override
        InputStream decoding(InputStream source) throws IOException {
            return new GZIPInputStream(source);
        }
    },
    /** RFC 8878 Zstandard. */
    ZSTD("zstd") {
        @Override
        public byte[] encode(byte[] body) {
            return Zstd.compress(body, ZSTD_LEVEL);
        }

        @Override
        OutputStream encoding(OutputStream sink) throws IOException {
            // Pooled buffers: a stream's 128 KiB output buffer is reused rather than allocated per stream.
            return new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE).setLevel(ZSTD_LEVEL);
        }

        @Override
        InputStream decoding(InputStream source) throws IOException {
            return new ZstdInputStreamNoFinalizer(source);
        }
    };

    private static final int GZIP_LEVEL = 5;
    private static final int ZSTD_LEVEL = 3;
    private static final ErrorCode UNSUPPORTED_ENCODING = new ErrorCode("unsupported_content_encoding", 415);

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** Returns the coding's name in {@code Accept-Encoding} and {@code Content-Encoding}. */
    public String token() {
        return token;
    }

    /** Returns the coding named {@code token} (case-insensitive), or null when the gateway does not know it. */
    public static @Nullable ContentCoding of(String token) {
        for (ContentCoding c : values()) {
            if (c.token.equalsIgnoreCase(token.trim())) {
                return c;
            }
        }
        return null;
    }

    /** Returns a whole body encoded. */
    public byte[] encode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (OutputStream encoder = encoding(out)) {
            encoder.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Returns a new encoder for a body that arrives in pieces. */
    public StreamEncoder newStreamEncoder() {
        return new StreamEncoder(this);
    }

    /**
     * Returns {@code body} decoded, refusing to produce more than {@code maxBytes} (a small body may
     * expand enormously: a "zip bomb").
     *
     * @throws LimitExceededException when the decoded body is larger than {@code maxBytes}
     * @throws AcfException {@code invalid_request} when the body is not valid in this coding
     */
    public byte[] decode(byte[] body, int maxBytes) {
        try (InputStream in = decoding(new ByteArrayInputStream(body))) {
            byte[] decoded = in.readNBytes(maxBytes);
            if (in.read() != -1) {
                throw new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "the request body exceeds " + maxBytes + " bytes once decoded from " + token);
            }
            return decoded;
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INVALID_REQUEST, "the request body is not valid " + token);
        }
    }

    /**
     * Returns the request body decoded from the {@code Content-Encoding} list {@code encodings}
     * (applied in order, so decoded in reverse); {@code identity} entries are skipped.
     *
     * @throws AcfException {@code unsupported_content_encoding} (415) for a coding the gateway does not read
     */
    public static byte[] decodeAll(byte[] body, String encodings, int maxBytes) {
        String[] tokens = encodings.split(",");
        byte[] out = body;
        for (int i = tokens.length - 1; i >= 0; i--) {
            String token = tokens[i].trim();
            if (token.isEmpty() || token.equalsIgnoreCase("identity")) {
                continue;
            }
            ContentCoding coding = of(token);
            if (coding == null) {
                throw new AcfException(UNSUPPORTED_ENCODING, "the gateway does not read request bodies in content coding '" + token + "'");
            }
            out = coding.decode(out, maxBytes);
        }
        return out;
    }

    abstract OutputStream encoding(OutputStream sink) throws IOException;

    abstract InputStream decoding(InputStream source) throws IOException;

    /** A gzip stream at the gateway's level, flushing with SYNC_FLUSH so every piece can be decoded as it arrives. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream sink) throws IOException {
            super(sink, 8 * 1024, true);
            def.setLevel(GZIP_LEVEL);
        }
    }
}
