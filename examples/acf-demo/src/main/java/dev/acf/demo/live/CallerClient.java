package dev.acf.demo.live;

import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One caller's SDK client and its channels through the gateway, one per callee. A channel
 * holds the TLS settings its connections are pooled under, so reusing it lets every later call
 * to the same agent reuse the open connection to the gateway instead of a new handshake.
 * Thread-safe.
 */
final class CallerClient implements AutoCloseable {
    private final AcfClient client;
    private final Map<AgentName, AgentChannel> channels = new ConcurrentHashMap<>();

    CallerClient(AcfClient client) {
        this.client = client;
    }

    /** Returns the SDK client: resolution in ANS, calls as this caller. */
    AcfClient client() {
        return client;
    }

    /** Returns the channel to an agent through the gateway. */
    AgentChannel channel(AgentName agent) {
        return channels.computeIfAbsent(agent, client::agent);
    }

    @Override
    public void close() {
        client.close();
    }
}
