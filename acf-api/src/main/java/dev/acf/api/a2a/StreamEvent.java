package dev.acf.api.a2a;

/**
 * What a streaming call ({@code SendStreamingMessage}, {@code SubscribeToTask}) yields: a task,
 * a message, or an update of a task's status or artifacts.
 *
 * <p>v1.0 wraps each event in a {@link StreamResponse} ({@code {"statusUpdate": {...}}});
 * v0.3 sends it bare with a {@code kind}.
 */
public sealed interface StreamEvent permits SendMessageResult, TaskStatusUpdateEvent, TaskArtifactUpdateEvent {
}
