package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the JSON documents under {@code src/test/resources/a2a}. */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/a2a/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String name) {
        return AcfJson.readTree(bytes(name));
    }
}
