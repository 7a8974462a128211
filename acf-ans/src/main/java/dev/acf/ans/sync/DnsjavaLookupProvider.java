package dev.acf.ans.sync;

import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.DnsLookupProvider;

/**
 * Provides {@link DnsjavaLookup}, the embedded {@link DnsLookup}. Setting
 * {@value #SERVER} ({@code host:port}) picks the DNS server; without it the system's resolver
 * is asked.
 */
public final class DnsjavaLookupProvider implements DnsLookupProvider {
    /** The setting naming the DNS server, such as {@code 127.0.0.1:5353}. */
    public static final String SERVER = "dnsServer";

    /** Creates the provider (ServiceLoader). */
    public DnsjavaLookupProvider() {}

    @Override
    public String name() {
        return "dnsjava";
    }

    @Override
    public DnsLookup create(ProviderConfig config) {
        String server = DnsjavaLookup.blankToNull(config.properties().get(SERVER));
        return server == null ? DnsjavaLookup.system() : DnsjavaLookup.of(DnsjavaLookup.parseServer(server));
    }
}
