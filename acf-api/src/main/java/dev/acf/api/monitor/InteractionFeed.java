package dev.acf.api.monitor;

import dev.acf.api.audit.AuditEvent;
import java.util.List;

/**
 * How a gateway hands its audit events to ANS's interaction graph (ANS-MON-1): who called whom,
 * when, how it went, how long it took. Implemented in-process by {@code AnsServer.graph()} and
 * over HTTP by {@code AcfClient.interactions(identity)} ({@code POST /v1/graph/events}, signed
 * like anomaly reports). The gateway calls it from one background thread with batches (see its
 * builder's {@code interactionFeed}); a request never waits for it.
 *
 * <p>Thread-safe. May block on the network: never call it on a request path.
 *
 * <pre>{@code
 * feed.report(List.of(AuditEvent.builder("a2a.call").source(caller).destination(target).status(200).build()));
 * }</pre>
 */
@FunctionalInterface
public interface InteractionFeed {

    /**
     * Records a batch of audit events; events that are not calls between two named parties
     * ({@code a2a.call} with a source and a destination) are ignored.
     *
     * @throws dev.acf.api.error.AcfException when ANS refuses the batch or cannot be reached
     */
    void report(List<AuditEvent> events);
}
