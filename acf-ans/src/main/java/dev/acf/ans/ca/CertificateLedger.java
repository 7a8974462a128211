package dev.acf.ans.ca;

import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.name.AgentName;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What a CA has done, kept durably in a {@link StateLog} ({@code ca-state.log}) and in memory:
 * every issued serial with its expiry, every revocation, and the last CRL number. Records:
 * <pre>
 * I &lt;serial hex&gt; &lt;notAfter epoch s&gt; &lt;ANS name&gt;    issued
 * R &lt;serial hex&gt; &lt;revokedAt epoch ms&gt; &lt;reason code&gt;   revoked
 * C &lt;CRL number&gt;                                    a CRL was signed with this number
 * </pre>
 * A change is in memory only after it is on disk. Thread-safe.
 */
final class CertificateLedger implements AutoCloseable {
    static final String FILE = "ca-state.log";

    /** One issued certificate, with its revocation when revoked. */
    record Entry(BigInteger serial, Instant notAfter, @Nullable Instant revokedAt, @Nullable RevocationReason reason) {
        boolean isRevoked() {
            return revokedAt != null;
        }
    }

    private final StateLog log;
    private final Map<BigInteger, Entry> entries = new ConcurrentHashMap<>();
    private final Map<BigInteger, Entry> revoked = new ConcurrentHashMap<>();
    private final Object revocationLock = new Object();
    private final AtomicLong revision = new AtomicLong();
    private long crlNumber;

    private CertificateLedger(StateLog log) {
        this.log = log;
        for (String record : log.records()) {
            replay(record);
        }
    }

    /** Opens the ledger in a directory, replaying what it holds. */
    static CertificateLedger open(Path directory) {
        StateLog log = StateLog.open(directory.resolve(FILE));
        try {
            return new CertificateLedger(log);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    private void replay(String record) {
        String[] f = record.split(" ", 4);
        try {
            switch (f[0]) {
                case "I" -> entries.put(new BigInteger(f[1], 16), new Entry(new BigInteger(f[1], 16), Instant.ofEpochSecond(Long.parseLong(f[2])), null, null));
                case "R" -> {
                    BigInteger serial = new BigInteger(f[1], 16);
                    Entry issued = entries.get(serial);
                    if (issued != null && !issued.isRevoked()) {
                        Entry entry = new Entry(serial, issued.notAfter(), Instant.ofEpochMilli(Long.parseLong(f[2])),
                                RevocationReason.fromCode(Integer.parseInt(f[3])));
                        entries.put(serial, entry);
                        revoked.put(serial, entry);
                    }
                }
                case "C" -> crlNumber = Math.max(crlNumber, Long.parseLong(f[1]));
                default -> throw new IllegalArgumentException("unknown record type " + f[0]);
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException("CA state holds a record it cannot read: '" + CsrRules.quote(record) + "' (" + e.getMessage() + ")");
        }
    }

    /** Returns true when nothing was ever issued. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Returns true when the serial is known (issued by this CA). */
    boolean contains(BigInteger serial) {
        return entries.containsKey(serial);
    }

    /** Records an issued certificate durably. */
    void recordIssued(BigInteger serial, Instant notAfter, AgentName name) {
        log.append("I " + serial.toString(16) + " " + notAfter.getEpochSecond() + " " + name);
        entries.put(serial, new Entry(serial, notAfter, null, null));
    }

    /**
     * Revokes durably; a second revocation keeps the first time and reason.
     *
     * @return true when this call revoked it, false when it was already revoked
     * @throws NotFoundException when the serial is unknown
     */
    boolean revoke(BigInteger serial, RevocationReason reason, Instant at) {
        synchronized (revocationLock) {
            Entry issued = entries.get(serial);
            if (issued == null) {
                throw new NotFoundException("no certificate with serial " + serial.toString(16) + " was issued by this CA");
            }
            if (issued.isRevoked()) {
                return false;
            }
            log.append("R " + serial.toString(16) + " " + at.toEpochMilli() + " " + reason.code());
            Entry entry = new Entry(serial, issued.notAfter(), at, reason);
            entries.put(serial, entry);
            revoked.put(serial, entry);
            revision.incrementAndGet();
            return true;
        }
    }

    /** Returns the status of a serial. */
    CertificateStatus status(BigInteger serial) {
        Entry entry = entries.get(serial);
        if (entry == null) {
            return CertificateStatus.unknown(serial);
        }
        return entry.isRevoked() ? CertificateStatus.revoked(serial, entry.revokedAt(), entry.reason()) : CertificateStatus.good(serial);
    }

    /** Returns the revoked certificates still unexpired at {@code at} (expired ones need no CRL entry, RFC 5280 3.3). */
    List<Entry> revokedAndUnexpired(Instant at) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : revoked.values()) {
            if (!e.notAfter().isBefore(at)) {
                list.add(e);
            }
        }
        return list;
    }

    /** Returns a number that changes with every revocation (to invalidate a cached CRL). */
    long revision() {
        return revision.get();
    }

    /** Reserves the next CRL number durably: greater than every number handed out before, across restarts. */
    long nextCrlNumber() {
        synchronized (revocationLock) {
            long next = crlNumber + 1;
            log.append("C " + next);
            crlNumber = next;
            return next;
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
