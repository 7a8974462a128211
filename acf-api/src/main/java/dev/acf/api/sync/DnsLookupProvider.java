package dev.acf.api.sync;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link DnsLookup}; found with {@link java.util.ServiceLoader}. */
public interface DnsLookupProvider extends ExtensionProvider<DnsLookup> {}
