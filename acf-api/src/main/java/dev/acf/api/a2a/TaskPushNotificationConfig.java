package dev.acf.api.a2a;

import org.jspecify.annotations.Nullable;

/**
 * Where and how an agent posts a task's updates (a webhook), in v1.0's flat shape.
 *
 * <p>v0.3 nests {@code id}, {@code url}, {@code token} and {@code authentication} under
 * {@code pushNotificationConfig} beside {@code taskId}, and inside a send configuration writes
 * only the nested part. Immutable and thread-safe.
 *
 * @param tenant the tenant (v1.0 only)
 * @param id the config's identifier
 * @param taskId the task (empty when sent with a new message)
 * @param url the webhook URL
 * @param token a token the agent echoes so the client can check the notification
 * @param authentication how the agent authenticates to the webhook
 */
public record TaskPushNotificationConfig(
        @Nullable String tenant,
        @Nullable String id,
        @Nullable String taskId,
        String url,
        @Nullable String token,
        @Nullable AuthenticationInfo authentication) {

    /** Validates the URL is present. */
    public TaskPushNotificationConfig {
        Copies.id(url, "url");
    }

    /** Returns a config that just names the webhook. */
    public static TaskPushNotificationConfig of(String url) {
        return new TaskPushNotificationConfig(null, null, null, url, null, null);
    }

    /** Hides the token: records print all components, and this one is a secret. */
    @Override
    public String toString() {
        return "TaskPushNotificationConfig[id=" + id + ", taskId=" + taskId + ", url=" + url
                + ", token=" + (token == null ? "none" : "***") + ", authentication=" + authentication + "]";
    }
}
