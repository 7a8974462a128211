package dev.acf.api.a2a;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.io.Serial;
import java.util.function.BiFunction;

/** Reads a value as a tree, then hands it to a reader that knows both versions' shapes. */
final class TreeDeserializer<T> extends StdDeserializer<T> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient BiFunction<JsonNode, String, T> reader;

    TreeDeserializer(Class<T> type, BiFunction<JsonNode, String, T> reader) {
        super(type);
        this.reader = reader;
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode tree = context.readTree(parser);
        return reader.apply(tree, "$");
    }
}
