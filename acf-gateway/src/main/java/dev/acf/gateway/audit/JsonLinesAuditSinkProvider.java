package dev.acf.gateway.audit;

import dev.acf.api.audit.AuditSink;
import dev.acf.api.audit.AuditSinkProvider;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;

/**
 * Provides {@link JsonLinesAuditSink} under the name {@code jsonl}. Settings: {@code directory}
 * (else {@value ProviderConfig#DATA_DIRECTORY}, else {@code ./audit}), {@code baseName},
 * {@code maxFileBytes}, {@code maxFiles}, {@code queueCapacity}.
 */
public final class JsonLinesAuditSinkProvider implements AuditSinkProvider {

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public JsonLinesAuditSinkProvider() {}

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public AuditSink create(ProviderConfig config) {
        Path directory = config.path("directory").or(() -> config.path(ProviderConfig.DATA_DIRECTORY)).orElse(Path.of("audit"));
        JsonLinesAuditSink.Builder builder = JsonLinesAuditSink.builder(directory)
                .maxFiles(config.intValue("maxFiles", 10))
                .queueCapacity(config.intValue("queueCapacity", 65_536));
        config.get("baseName").ifPresent(builder::baseName);
        String max = config.get("maxFileBytes").orElse(null);
        if (max != null) {
            try {
                builder.maxFileBytes(Long.parseLong(max.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("setting 'maxFileBytes' must be a whole number of bytes, was '" + max + "'");
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ConfigurationException("cannot create the jsonl audit sink in " + directory + ": " + e.getMessage());
        }
    }
}
