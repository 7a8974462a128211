package dev.acf.gateway.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Issues request ids: 16 random hex digits, unguessable enough to not leak request counts. */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
