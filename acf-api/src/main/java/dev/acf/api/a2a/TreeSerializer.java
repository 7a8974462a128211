package dev.acf.api.a2a;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.Serial;
import java.util.function.Function;

/** Writes a value through a function that builds its tree: the writers own the wire shape. */
final class TreeSerializer<T> extends StdSerializer<T> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Function<T, JsonNode> writer;

    TreeSerializer(Class<T> type, Function<T, JsonNode> writer) {
        super(type);
        this.writer = writer;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeTree(writer.apply(value));
    }
}
