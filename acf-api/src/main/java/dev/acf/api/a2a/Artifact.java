package dev.acf.api.a2a;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An output of a task, such as a document or an image. Immutable and thread-safe.
 *
 * @param artifactId the identifier, unique within the task
 * @param name a name for people
 * @param description a description for people
 * @param parts the content
 * @param metadata the metadata, possibly empty
 * @param extensions the URIs of the extensions that contributed to the artifact
 */
public record Artifact(
        String artifactId,
        @Nullable String name,
        @Nullable String description,
        List<Part> parts,
        Map<String, Object> metadata,
        List<String> extensions) {

    /** Validates and copies the components. */
    public Artifact {
        Copies.id(artifactId, "artifactId");
        parts = Copies.list(parts, "parts");
        metadata = Copies.json(metadata);
        extensions = Copies.list(extensions, "extensions");
    }

    /** Returns an artifact with just an identifier, a name and content. */
    public static Artifact of(String artifactId, @Nullable String name, List<Part> parts) {
        return new Artifact(artifactId, name, null, parts, Map.of(), List.of());
    }
}
