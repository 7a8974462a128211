package dev.acf.ans.sync;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.sync.DnsLookup;
import dev.acf.api.sync.SrvRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The embedded {@link DnsLookup}: asks one DNS server directly with dnsjava (UDP, TCP when the
 * answer is truncated), without the JVM's or dnsjava's global caches, so a peer's new key is seen
 * as soon as its TTL allows upstream. The server is the system's first configured resolver unless
 * given, which is how tests point it at a DNS server on a loopback port.
 *
 * <p>Thread-safe. An absent name (NXDOMAIN or no records of the type) answers an empty list; a
 * timeout or a server failure throws {@link UnavailableException}.
 *
 * <pre>{@code
 * DnsLookup dns = DnsjavaLookup.of(new InetSocketAddress("127.0.0.1", 5353));
 * List<SrvRecord> srv = dns.srv("_ans._tcp.ops.example.net");
 * }</pre>
 */
public final class DnsjavaLookup implements DnsLookup {
    /** The default time one query may take, retries included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final Resolver resolver;
    private final String server;

    private DnsjavaLookup(Resolver resolver, String server) {
        this.resolver = resolver;
        this.server = server;
    }

    /** Returns a lookup asking the system's first configured DNS server. */
    public static DnsjavaLookup system() {
        try {
            SimpleResolver resolver = new SimpleResolver();
            resolver.setTimeout(DEFAULT_TIMEOUT);
            return new DnsjavaLookup(resolver, resolver.getAddress().toString());
        } catch (UnknownHostException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "no DNS server is configured on this host: " + e.getMessage());
        }
    }

    /** Returns a lookup asking this DNS server, such as {@code 127.0.0.1:5353}. */
    public static DnsjavaLookup of(InetSocketAddress server) {
        return of(server, DEFAULT_TIMEOUT);
    }

    /** Returns a lookup asking this DNS server with a timeout per query. */
    public static DnsjavaLookup of(InetSocketAddress server, Duration timeout) {
        Objects.requireNonNull(server, "server");
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Objects.requireNonNull(timeout, "timeout"));
        return new DnsjavaLookup(resolver, server.getHostString() + ":" + server.getPort());
    }

    /** Parses {@code host:port} (port 53 when absent; IPv6 as {@code [::1]:5353}). */
    public static InetSocketAddress parseServer(String text) {
        String value = text.trim();
        String host = value;
        String port = "53";
        if (value.startsWith("[") && value.contains("]")) {
            host = value.substring(1, value.indexOf(']'));
            String rest = value.substring(value.indexOf(']') + 1);
            port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? "53" : "x";
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (host.isEmpty() || number < 1 || number > 65535) {
            throw new ValidationException("DNS server must be host:port, was '" + text + "'");
        }
        return new InetSocketAddress(host, number);
    }

    @Override
    public List<SrvRecord> srv(String name) {
        List<SrvRecord> out = new ArrayList<>();
        for (Record record : query(name, Type.SRV)) {
            if (record instanceof SRVRecord srv) {
                out.add(new SrvRecord(srv.getPriority(), srv.getWeight(), srv.getPort(), srv.getTarget().toString(true)));
            }
        }
        out.sort(Comparator.comparingInt(SrvRecord::priority).thenComparing(Comparator.comparingInt(SrvRecord::weight).reversed()));
        return List.copyOf(out);
    }

    @Override
    public List<String> txt(String name) {
        List<String> out = new ArrayList<>();
        for (Record record : query(name, Type.TXT)) {
            if (record instanceof TXTRecord txt) {
                out.add(String.join("", txt.getStrings()));
            }
        }
        return List.copyOf(out);
    }

    private List<Record> query(String name, int type) {
        Name qname;
        try {
            qname = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new ValidationException("'" + name + "' is not a DNS name: " + e.getMessage());
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE,
                    "DNS server " + server + " did not answer " + Type.string(type) + " " + name + ": " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE,
                    "DNS server " + server + " answered " + Rcode.string(rcode) + " for " + Type.string(type) + " " + name);
        }
        List<Record> answers = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record.getType() == type && record.getName().equals(qname)) {
                answers.add(record);
            }
        }
        return answers;
    }

    @Override
    public String toString() {
        return "DnsjavaLookup[" + server + "]";
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
