package dev.acf.api.sync;

import java.util.Objects;

/**
 * A DNS SRV record (RFC 2782), such as the one under {@code _ans._tcp.<domain>} that points
 * at a domain's ANS (ANS-SYNC-1).
 *
 * @param priority lower is tried first
 * @param weight share among records of equal priority
 * @param port the service's port
 * @param target the service's host name, without the trailing dot
 */
public record SrvRecord(int priority, int weight, int port, String target) {

    /** Requires values in their DNS ranges. */
    public SrvRecord {
        Objects.requireNonNull(target, "target");
        if (priority < 0 || priority > 65535 || weight < 0 || weight > 65535 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("SRV priority, weight and port must be 0-65535");
        }
        if (target.endsWith(".")) {
            target = target.substring(0, target.length() - 1);
        }
    }
}
