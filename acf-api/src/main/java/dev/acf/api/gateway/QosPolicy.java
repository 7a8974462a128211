package dev.acf.api.gateway;

/**
 * Assigns each exchange a {@link QosClass} (GW-FWD-1) from its caller, target, A2A method
 * or headers. Called for every request: thread-safe, fast, no I/O.
 *
 * <pre>{@code
 * QosPolicy byHeader = exchange -> exchange.request().headers().first("x-priority")
 *         .map(p -> p.equals("critical") ? QosClass.CRITICAL : QosClass.STANDARD)
 *         .orElse(QosClass.STANDARD);
 * }</pre>
 */
@FunctionalInterface
public interface QosPolicy {

    /** Returns the class of this exchange. */
    QosClass classify(Exchange exchange);
}
