package dev.acf.api.sync;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link PeerSyncTransport}; found with {@link java.util.ServiceLoader}. */
public interface PeerSyncTransportProvider extends ExtensionProvider<PeerSyncTransport> {}
