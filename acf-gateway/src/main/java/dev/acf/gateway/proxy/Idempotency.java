package dev.acf.gateway.proxy;

import dev.acf.api.gateway.Exchange;
import dev.acf.gateway.ExchangeAttributes;
import java.util.Set;

/**
 * Which calls the proxy may send twice (GW-HA-1). Idempotent: {@code GET}, {@code HEAD},
 * {@code OPTIONS} (agent cards, the REST binding's reads) and JSON-RPC {@code POST}s of reads
 * ({@code tasks/get}, {@code ListTasks}, {@code tasks/resubscribe}, the push-config get and list,
 * the extended card) and of {@code tasks/cancel}: cancelling twice leaves the task as cancelling
 * once does; only the second answer may differ (the task is no longer cancelable), which the
 * caller could not tell from a cancel that raced the task's end anyway. Everything else is not:
 * {@code message/send} and {@code message/stream} (the agent would act twice), creating or
 * deleting a push config, unknown methods, batches, bodies that are not JSON-RPC and the other
 * HTTP methods. Both the v1.0 and v0.3 method spellings are known. See {@code gateway.md}.
 */
final class Idempotency {
    private static final Set<String> METHODS = Set.of(
            "GetTask", "tasks/get",
            "ListTasks",
            "SubscribeToTask", "tasks/resubscribe",
            "GetTaskPushNotificationConfig", "tasks/pushNotificationConfig/get",
            "ListTaskPushNotificationConfigs", "tasks/pushNotificationConfig/list",
            "GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard",
            "CancelTask", "tasks/cancel");

    private Idempotency() {}

    /** Returns whether the call may reach an agent twice without harm. */
    static boolean isIdempotent(Exchange exchange) {
        String method = exchange.request().method();
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> true;
            case "POST" -> exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).map(METHODS::contains).orElse(false);
            default -> false;
        };
    }
}
