package dev.acf.api.audit;

import dev.acf.api.spi.ExtensionProvider;

/** Creates an {@link AuditSink}; found with {@link java.util.ServiceLoader}. */
public interface AuditSinkProvider extends ExtensionProvider<AuditSink> {}
