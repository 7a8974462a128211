package dev.acf.api.sync;

import java.util.List;

/**
 * Looks up the DNS records that announce a domain's ANS (ANS-SYNC-1): SRV for where it is,
 * TXT for its signing key fingerprint. The embedded default uses a real DNS client; tests
 * point it at a real DNS server on a loopback port.
 *
 * <p>Thread-safe; calls block on the network, so never call them on an event loop.
 * An absent name answers an empty list; a failed lookup (timeout, SERVFAIL) throws
 * {@link dev.acf.api.error.UnavailableException}.
 */
public interface DnsLookup {

    /** Returns the SRV records of a name, such as {@code _ans._tcp.ops.example.net}. */
    List<SrvRecord> srv(String name);

    /** Returns the TXT records of a name, each as its strings joined. */
    List<String> txt(String name);
}
