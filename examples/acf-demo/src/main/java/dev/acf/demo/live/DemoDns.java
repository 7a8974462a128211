package dev.acf.demo.live;

import dev.acf.ans.sync.DnsAnnouncement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cross-domain demo's DNS, for the demo only: a UDP responder on 127.0.0.1 that answers
 * the SRV and TXT queries of {@link DnsAnnouncement}s authoritatively (dnsjava's wire format),
 * so peers discover each other exactly as they would through a real zone. Anything else is
 * NXDOMAIN. Thread-safe; one daemon thread answers.
 */
final class DemoDns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoDns.class);
    private static final long TTL = 300;

    private final DatagramSocket socket;
    private final Map<Name, List<Record>> srv = new ConcurrentHashMap<>();
    private final Map<Name, List<Record>> txt = new ConcurrentHashMap<>();
    private final Thread responder;

    private DemoDns(DatagramSocket socket) {
        this.socket = socket;
        this.responder = Thread.ofPlatform().daemon().name("acf-demo-dns").start(this::serve);
    }

    /** Starts answering on an ephemeral UDP port of 127.0.0.1. */
    static DemoDns start() {
        try {
            return new DemoDns(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open the demo's DNS socket: " + e.getMessage(), e);
        }
    }

    /** Returns where the responder listens. */
    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Publishes (or replaces) the SRV and TXT records of an announcement. */
    void publish(DnsAnnouncement announcement) {
        try {
            Name owner = Name.fromString(announcement.zoneLines().getFirst().split(" ")[0]);
            srv.put(owner, List.of(new SRVRecord(owner, DClass.IN, TTL, 10, 0, announcement.port(),
                    Name.fromString(announcement.host() + "."))));
            txt.put(owner, announcement.txt().stream().map(t -> (Record) new TXTRecord(owner, DClass.IN, TTL, t)).toList());
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name in " + announcement + ": " + e.getMessage(), e);
        }
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.debug("demo DNS: dropping a query: {}", e.toString());
                }
            }
        }
    }

    private byte[] answer(byte[] wire) throws IOException {
        Message query = new Message(wire);
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response.toWire();
        }
        response.addRecord(question, Section.QUESTION);
        Name name = Name.fromString(question.getName().toString().toLowerCase(Locale.ROOT));
        List<Record> records = switch (question.getType()) {
            case Type.SRV -> srv.get(name);
            case Type.TXT -> txt.get(name);
            default -> null;
        };
        if (records == null && !srv.containsKey(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (records != null) {
            records.forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return response.toWire(512);
    }

    @Override
    public void close() {
        socket.close();
        try {
            responder.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
