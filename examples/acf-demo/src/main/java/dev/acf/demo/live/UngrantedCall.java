package dev.acf.demo.live;

import dev.acf.ans.monitor.Monitor;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.name.AgentName;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call by a registered caller that holds no grant for its callee (ANS-SEC-1, ANS-MON-2): the
 * gateway refused it, audited it, and reported an {@code edge-not-granted} anomaly, which the
 * ANS recorded and the interaction graph shows on the caller's edge. Immutable.
 *
 * @param caller who called: a certified agent of the domain, without any grant
 * @param callee the agent it tried to call
 * @param refusal the error the caller got back (its code and message)
 * @param anomaly the anomaly as the ANS recorded it
 */
public record UngrantedCall(AgentName caller, AgentName callee, String refusal, AnomalyEvent anomaly) {
    /** Validates the components. */
    public UngrantedCall {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(anomaly, "anomaly");
    }

    /**
     * Has {@code client} (calling as {@code caller}) send one request to {@code callee} and waits
     * for the anomaly the monitor records for it.
     *
     * @throws IllegalStateException when the gateway let the call through
     * @throws UnavailableException when no anomaly is recorded within {@code wait}
     */
    static UngrantedCall attempt(Monitor monitor, CallerClient client, AgentName caller, AgentName callee, Duration wait) {
        CompletableFuture<AnomalyEvent> seen = new CompletableFuture<>();
        AutoCloseable listening = monitor.listen(new Monitor.Listener() {
            @Override
            public void anomaly(AnomalyEvent anomaly) {
                if (anomaly.caller().equals(caller.toString()) && anomaly.kind() == AnomalyEvent.Kind.EDGE_NOT_GRANTED) {
                    seen.complete(anomaly);
                }
            }
        });
        try {
            String refusal;
            try {
                client.channel(callee).send(DataMessages.request(AcfJson.mapper().createObjectNode()
                        .put("subscriberId", "SUB-1004"), "report-" + caller.agentLabel()));
                throw new IllegalStateException(caller + " holds no grant, yet the gateway let its call to " + callee + " through");
            } catch (AcfException refused) {
                refusal = refused.code().id() + ": " + refused.getMessage();
            }
            return new UngrantedCall(caller, callee, refusal, seen.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the anomaly of " + caller);
        } catch (ExecutionException | TimeoutException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway reported no anomaly for " + caller + " -> " + callee
                    + " within " + wait);
        } finally {
            try {
                listening.close();
            } catch (Exception e) {
                // removing a listener from a list does not fail
            }
        }
    }
}
