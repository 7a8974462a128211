package dev.acf.gateway.server;

/**
 * Rewrites the pieces of a {@link StreamedBody} on their way to the client (the streaming
 * hooks of the filter pipeline). Called by the source one piece at a time, in order, on its
 * event loop, never concurrently.
 */
public interface ChunkTransform {

    /**
     * Returns the bytes to write instead of {@code chunk}; an empty array writes nothing now.
     *
     * @param last whether this is the body's last piece
     * @throws RuntimeException to cut the stream
     */
    byte[] apply(byte[] chunk, boolean last);
}
