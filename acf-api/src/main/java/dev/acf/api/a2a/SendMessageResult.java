package dev.acf.api.a2a;

/**
 * What {@code SendMessage} answers: the {@link Task} the message started or continued, or a
 * direct {@link Message}. See {@link SendMessageResponse} for the wire forms.
 */
public sealed interface SendMessageResult extends StreamEvent permits Task, Message {
}
