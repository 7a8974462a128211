package dev.acf.ans.sync;

import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.sync.PeerSyncTransport;
import dev.acf.api.sync.PeerSyncTransportProvider;

/** Provides {@link HttpPeerSyncTransport}; setting {@value #TOKEN} is the peer token it presents. */
public final class HttpPeerSyncTransportProvider implements PeerSyncTransportProvider {
    /** The setting holding the token presented to the peer. */
    public static final String TOKEN = "token";

    /** Creates the provider (ServiceLoader). */
    public HttpPeerSyncTransportProvider() {}

    @Override
    public String name() {
        return "http";
    }

    @Override
    public PeerSyncTransport create(ProviderConfig config) {
        return new HttpPeerSyncTransport(config.require(TOKEN));
    }
}
