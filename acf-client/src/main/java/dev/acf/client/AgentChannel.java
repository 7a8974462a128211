package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aMethod;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.JsonRpcRequest;
import dev.acf.api.a2a.JsonRpcResponse;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.SendMessageRequest;
import dev.acf.api.a2a.SendMessageResponse;
import dev.acf.api.a2a.SendMessageResult;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskIdParams;
import dev.acf.api.a2a.TaskQueryParams;
import dev.acf.api.a2a.TextPart;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Calls one agent over A2A's JSON-RPC binding (CLI-3): through the gateway
 * ({@link AcfClient#agent}) or at its own endpoint ({@link AcfClient#agentAt}), over mutual TLS
 * with the caller's ANS certificate, the peer checked by the ANS name in its certificate.
 *
 * <p><b>Failures</b> are typed: a JSON-RPC error becomes the exception {@link A2aErrors} lists
 * ({@code task_not_found}, {@code task_not_cancelable}...), a gateway refusal the exception of
 * its API-4 body ({@code agent_not_found}, {@code permission_denied}, {@code rate_limited}...), a
 * timeout {@code upstream_timeout}, an unreachable peer {@code unavailable}, a peer that is not
 * who it should be a {@link dev.acf.api.error.TrustException}. <b>Retries</b>: only
 * {@link #getTask} is retried (a few times, with backoff); {@link #send}, {@link #stream} and
 * {@link #cancelTask} are sent once, since the agent may have acted on a lost attempt.
 * <b>Streams</b> resume by themselves: see {@link EventStream}.
 *
 * <p>Speaks A2A 1.0 unless {@link #withVersion} says otherwise. Immutable and thread-safe.
 *
 * <pre>{@code
 * AgentChannel rca = client.agent(AgentName.parse("ans://rca.broadband.ops.example.net"));
 * SendMessageResult answer = rca.send(AgentChannel.userMessage("Why is line 17 down?"));
 * try (EventStream events = rca.stream(AgentChannel.userMessage("Diagnose line 17"))) {
 *     events.forEachRemaining(event -> handle(event));
 * }
 * }</pre>
 */
public final class AgentChannel {
    private static final AtomicLong IDS = new AtomicLong();

    private final AgentName agent;
    private final HttpUrl url;
    private final HttpUrl cardUrl;
    private final A2aTransport transport;
    private final OkHttpClient unary;
    private final OkHttpClient streaming;
    private final A2aVersion version;

    AgentChannel(AgentName agent, HttpUrl url, HttpUrl cardUrl, A2aTransport transport, OkHttpClient[] clients, A2aVersion version) {
        this.agent = agent;
        this.url = url;
        this.cardUrl = cardUrl;
        this.transport = transport;
        this.unary = clients[0];
        this.streaming = clients[1];
        this.version = version;
    }

    /** Returns a channel to the same agent speaking another A2A version. */
    public AgentChannel withVersion(A2aVersion value) {
        return new AgentChannel(agent, url, cardUrl, transport, new OkHttpClient[] {unary, streaming}, Objects.requireNonNull(value, "version"));
    }

    /** Returns the agent's name, as asked for. */
    public AgentName agent() {
        return agent;
    }

    /** Returns the URL calls are posted to. */
    public java.net.URI uri() {
        return url.uri();
    }

    /** Returns the A2A version spoken. */
    public A2aVersion version() {
        return version;
    }

    /** The message metadata key that names the skill a message is for. */
    public static final String SKILL_ID = "skillId";

    /** Returns a user message with one text part and a new id. */
    public static Message userMessage(String text) {
        return Message.builder(UUID.randomUUID().toString(), Role.USER).parts(List.of(TextPart.of(text))).build();
    }

    /**
     * Returns a user message with one text part and a new id that names the skill it is for in its
     * metadata ({@code skillId}): a gateway decides a grant limited to some skills on that name, and
     * refuses a message that names none under such a grant.
     */
    public static Message userMessage(String text, String skillId) {
        return Message.builder(UUID.randomUUID().toString(), Role.USER).parts(List.of(TextPart.of(text)))
                .metadata(Map.of(SKILL_ID, Objects.requireNonNull(skillId, "skillId"))).build();
    }

    /** Sends a message ({@code SendMessage}) and waits for the task to end or to need input; never retried. */
    public SendMessageResult send(Message message) {
        return send(SendMessageRequest.of(message));
    }

    /** Sends a text as a new user message. */
    public SendMessageResult send(String text) {
        return send(userMessage(text));
    }

    /** Sends a message with options (such as {@code returnImmediately}); never retried. */
    public SendMessageResult send(SendMessageRequest request) {
        JsonNode result = call(A2aMethod.SEND_MESSAGE, A2aJson.toTree(request, version));
        return convert(result, SendMessageResponse.class).result();
    }

    /** Sends a message and streams the task's events ({@code SendStreamingMessage}); the message is sent once. */
    public EventStream stream(Message message) {
        return stream(SendMessageRequest.of(message));
    }

    /** Sends a message with options and streams the task's events. */
    public EventStream stream(SendMessageRequest request) {
        Request http = A2aTransport.post(url, request(A2aMethod.SEND_STREAMING_MESSAGE, A2aJson.toTree(request, version)),
                version, "text/event-stream").build();
        return new EventStream(this, openStream(http), null, null);
    }

    /** Reads a task ({@code GetTask}) with its whole history; retried on failures to connect. */
    public Task getTask(String taskId) {
        return getTask(TaskQueryParams.of(taskId));
    }

    /** Reads a task with options (history length); retried on failures to connect. */
    public Task getTask(TaskQueryParams params) {
        return convert(call(A2aMethod.GET_TASK, A2aJson.toTree(params, version)), Task.class);
    }

    /**
     * Asks the agent to cancel a task ({@code CancelTask}); never retried.
     *
     * @return the task, canceled
     * @throws dev.acf.api.error.ConflictException ({@code task_not_cancelable}) when it has ended
     */
    public Task cancelTask(String taskId) {
        return convert(call(A2aMethod.CANCEL_TASK, A2aJson.toTree(TaskIdParams.of(taskId), version)), Task.class);
    }

    /** Streams the events of a running task ({@code SubscribeToTask}), starting with the task as it is. */
    public EventStream subscribe(String taskId) {
        return subscribe(taskId, null);
    }

    /**
     * Streams the events of a task after the event {@code lastEventId} (as a resumed stream
     * does), or from the task as it is when null.
     */
    public EventStream subscribe(String taskId, @Nullable String lastEventId) {
        Objects.requireNonNull(taskId, "taskId");
        return new EventStream(this, openStream(subscription(taskId, lastEventId)), taskId, lastEventId);
    }

    /** Reads the agent's card (through the gateway: the card as the gateway publishes it). */
    public AgentCard card() {
        Request request = new Request.Builder().url(cardUrl).get().header("Accept", "application/json").build();
        try (Response response = unary.newCall(request).execute()) {
            byte[] body = A2aTransport.read(response, agent.toString());
            if (response.code() != 200) {
                A2aTransport.answer(response.code(), response.header("Content-Type"), body, agent.toString());
                throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " answered HTTP " + response.code() + " for its card");
            }
            return A2aJson.read(body, AgentCard.class);
        } catch (IOException e) {
            throw A2aTransport.failure(e, agent.toString(), request);
        }
    }

    Request subscription(String taskId, @Nullable String lastEventId) {
        Request.Builder request = A2aTransport.post(url, request(A2aMethod.SUBSCRIBE_TO_TASK,
                A2aJson.toTree(TaskIdParams.of(taskId), version)), version, "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.build();
    }

    /** Opens a stream: an SSE response, or the typed failure of a JSON answer. */
    Response openStream(Request request) {
        Response response = A2aTransport.open(streaming, request, agent.toString());
        String type = response.header("Content-Type", "");
        if (response.code() == 200 && type != null && type.startsWith("text/event-stream")) {
            return response;
        }
        try (response) {
            JsonRpcResponse rpc = A2aTransport.answer(response.code(), type, A2aTransport.read(response, agent.toString()), agent.toString());
            if (rpc.error() != null) {
                throw A2aErrors.toException(rpc.error(), agent.toString());
            }
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " answered a stream request without a stream");
        } catch (IOException e) {
            throw A2aTransport.failure(e, agent.toString(), request);
        }
    }

    A2aTransport transport() {
        return transport;
    }

    private JsonNode call(A2aMethod method, JsonNode params) {
        Request http = A2aTransport.post(url, request(method, params), version, "application/json").build();
        JsonRpcResponse response = transport.unary(unary, http, method.isIdempotent(), agent.toString());
        if (response.error() != null) {
            throw A2aErrors.toException(response.error(), agent.toString());
        }
        JsonNode result = response.result();
        if (result == null) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " answered without a result");
        }
        return result;
    }

    private JsonRpcRequest request(A2aMethod method, JsonNode params) {
        return JsonRpcRequest.of(IDS.incrementAndGet(), method, version, params);
    }

    <T> T convert(JsonNode result, Class<T> type) {
        try {
            return A2aJson.convert(result, type);
        } catch (AcfException | IllegalArgumentException e) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " answered an invalid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AgentChannel[" + agent + " at " + url + ", A2A " + version.headerValue() + "]";
    }
}
