package dev.acf.gateway.server;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issues request ids: 16 hex digits, random but for a letter in every sixth place, unguessable
 * enough to not leak request counts (61 random bits).
 */
final class RequestIds {
    private RequestIds() {}

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = HexFormat.of().toHexDigits(random.nextLong()).toCharArray();
        // No run of more than five decimal digits: an answer that quotes the id would otherwise
        // now and then have it masked by redaction as a phone number or an IMSI.
        for (int i = 5; i < id.length; i += 6) {
            id[i] = (char) ('a' + random.nextInt(6));
        }
        return new String(id);
    }
}
