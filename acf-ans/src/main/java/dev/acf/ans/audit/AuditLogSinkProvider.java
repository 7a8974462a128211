package dev.acf.ans.audit;

import dev.acf.api.audit.AuditSink;
import dev.acf.api.audit.AuditSinkProvider;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;

/**
 * Provides an {@link AuditLogSink} over a hash-chained {@link AuditLog}, named
 * {@value #NAME}. Settings: {@code dataDirectory} (required), {@code queueCapacity}
 * (default {@value AuditLogSink#DEFAULT_CAPACITY}). The sink owns the log it opens.
 *
 * <pre>{@code
 * AuditSink sink = new AuditLogSinkProvider().create(ProviderConfig.of(Map.of("dataDirectory", "ans-data")));
 * }</pre>
 */
public final class AuditLogSinkProvider implements AuditSinkProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "audit-log";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public AuditLogSinkProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuditSink create(ProviderConfig config) {
        Path directory = Path.of(config.require(ProviderConfig.DATA_DIRECTORY));
        int capacity = config.intValue("queueCapacity", AuditLogSink.DEFAULT_CAPACITY);
        if (capacity < 1) {
            throw new dev.acf.api.error.ConfigurationException("setting 'queueCapacity' must be positive, was " + capacity);
        }
        return new AuditLogSink(AuditLog.open(directory), capacity, true);
    }
}
