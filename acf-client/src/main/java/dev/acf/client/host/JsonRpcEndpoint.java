package dev.acf.client.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aMethod;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.JsonRpcError;
import dev.acf.api.a2a.JsonRpcRequest;
import dev.acf.api.a2a.JsonRpcResponse;
import dev.acf.api.a2a.SendMessageConfiguration;
import dev.acf.api.a2a.SendMessageRequest;
import dev.acf.api.a2a.SendMessageResponse;
import dev.acf.api.a2a.StreamEvent;
import dev.acf.api.a2a.StreamResponse;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Task;
import dev.acf.api.a2a.TaskArtifactUpdateEvent;
import dev.acf.api.a2a.TaskStatusUpdateEvent;
import dev.acf.api.a2a.TaskIdParams;
import dev.acf.api.a2a.TaskQueryParams;
import dev.acf.api.a2a.TaskState;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.session.SessionProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC binding of an agent's endpoint: one {@code POST} per call, answered in the A2A
 * version whose method name the caller used (v1.0 {@code SendMessage}, v0.3 {@code message/send}).
 * Unary calls answer {@code application/json}; streaming calls answer {@code text/event-stream}
 * with one JSON-RPC response per event, each with the task's event number as its SSE {@code id}
 * and as {@code metadata."acf.seq"} of the event (the session contract of
 * {@link dev.acf.api.session.SessionProtocol}), and a keep-alive comment when the task is quiet. {@code SubscribeToTask} with
 * {@code Last-Event-ID} replays the events after that number. Every JSON-RPC failure is answered
 * 200 with a JSON-RPC error, as the binding requires. Runs on the server's virtual threads.
 */
final class JsonRpcEndpoint implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcEndpoint.class);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final TaskRuns runs;
    private final TaskStore store;
    private final int maxBodyBytes;
    private final long keepAliveMillis;
    private final Function<HttpExchange, Peer> callers;

    JsonRpcEndpoint(TaskRuns runs, TaskStore store, int maxBodyBytes, long keepAliveMillis, Function<HttpExchange, Peer> callers) {
        this.runs = runs;
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
        this.keepAliveMillis = keepAliveMillis;
        this.callers = callers;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(maxBodyBytes + 1);
            }
            if (body.length > maxBodyBytes) {
                json(exchange, 413, JsonRpcResponse.failure(null, JsonRpcError.invalidRequest(
                        "the request is larger than " + maxBodyBytes + " bytes")), A2aVersion.V1_0);
                return;
            }
            call(exchange, body);
        } catch (IOException e) {
            LOG.debug("caller went away: {}", e.toString());
        }
    }

    private void call(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode tree;
        try {
            tree = AcfJson.readTree(body);
        } catch (AcfException e) {
            json(exchange, 200, JsonRpcResponse.failure(null, JsonRpcError.parseError(e.getMessage())), A2aVersion.V1_0);
            return;
        }
        JsonRpcRequest request;
        try {
            request = A2aJson.convert(tree, JsonRpcRequest.class);
        } catch (AcfException e) {
            JsonNode id = tree.path("id");
            boolean usable = id.isTextual() || id.isNumber();
            json(exchange, 200, JsonRpcResponse.failure(usable ? id : null, JsonRpcError.invalidRequest(e.getMessage())), A2aVersion.V1_0);
            return;
        }
        A2aVersion version = A2aMethod.versionOf(request.method()).orElse(A2aVersion.V1_0);
        JsonNode id = request.id();
        try {
            if (request.isNotification()) {
                throw new RpcFailure(JsonRpcError.invalidRequest("A2A calls need an id"));
            }
            A2aMethod method = request.a2aMethod().orElseThrow(() -> new RpcFailure(JsonRpcError.methodNotFound(request.method())));
            JsonNode params = request.params() == null ? AcfJson.mapper().createObjectNode() : request.params();
            switch (method) {
                case SEND_MESSAGE -> json(exchange, 200, JsonRpcResponse.success(id, sendMessage(exchange, params, version)), version);
                case SEND_STREAMING_MESSAGE -> sendStreamingMessage(exchange, id, params, version);
                case GET_TASK -> json(exchange, 200, JsonRpcResponse.success(id, getTask(params, version)), version);
                case LIST_TASKS -> json(exchange, 200, JsonRpcResponse.success(id, listTasks(params, version)), version);
                case CANCEL_TASK -> json(exchange, 200, JsonRpcResponse.success(id,
                        A2aJson.toTree(runs.cancel(read(params, TaskIdParams.class).id()), version)), version);
                case SUBSCRIBE_TO_TASK -> subscribe(exchange, id, read(params, TaskIdParams.class).id(), version);
                case GET_EXTENDED_AGENT_CARD -> throw new RpcFailure(JsonRpcError.extendedAgentCardNotConfigured());
                default -> throw new RpcFailure(JsonRpcError.pushNotificationNotSupported());
            }
        } catch (RpcFailure e) {
            json(exchange, 200, JsonRpcResponse.failure(id, e.error()), version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json(exchange, 200, JsonRpcResponse.failure(id, new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
                    "The agent is shutting down", null)), version);
        }
    }

    private JsonNode sendMessage(HttpExchange exchange, JsonNode params, A2aVersion version) throws InterruptedException {
        SendMessageRequest request = read(params, SendMessageRequest.class);
        SendMessageConfiguration config = request.configuration();
        boolean immediately = config != null && config.returnImmediately();
        TaskRuns.Opened opened = await(runs.submit(request.message(), immediately, callers.apply(exchange)));
        if (opened instanceof TaskRuns.Direct direct) {
            return A2aJson.toTree(new SendMessageResponse(direct.message()), version);
        }
        TaskRuns.Started started = (TaskRuns.Started) opened;
        TaskRun run = started.run();
        if (!immediately) {
            long position = started.snapshot().seq();
            boolean over = false;
            while (!over) {
                TaskRun.Batch batch = run.await(position, keepAliveMillis);
                over = batch.idle() || batch.gap();
                for (TaskRun.Entry entry : batch.entries()) {
                    position = entry.seq();
                    over |= entry.last();
                }
            }
        }
        Integer historyLength = config == null ? null : config.historyLength();
        return A2aJson.toTree(new SendMessageResponse(trim(run.task(), historyLength)), version);
    }

    private void sendStreamingMessage(HttpExchange exchange, JsonNode id, JsonNode params, A2aVersion version)
            throws IOException, InterruptedException {
        SendMessageRequest request = read(params, SendMessageRequest.class);
        CompletableFuture<TaskRuns.Opened> pending = runs.submit(request.message(), false, callers.apply(exchange));
        // The stream opens at once: the handler may take its time before its first event or answer.
        OutputStream out = startStream(exchange);
        TaskRuns.Opened opened;
        while (true) {
            try {
                opened = pending.get(keepAliveMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                out.write(KEEP_ALIVE);
                out.flush();
            } catch (ExecutionException e) {
                JsonRpcError error = e.getCause() instanceof RpcFailure failure ? failure.error() : JsonRpcError.internalError();
                out.write(("data: " + A2aJson.writeString(JsonRpcResponse.failure(id, error), version) + "\n\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        if (opened instanceof TaskRuns.Direct direct) {
            frame(out, id, null, direct.message(), version);
            return;
        }
        TaskRuns.Started started = (TaskRuns.Started) opened;
        if (started.announce()) {
            frame(out, id, started.snapshot().seq(), started.snapshot().task(), version);
        }
        pump(out, id, started.run(), started.snapshot().seq(), version);
    }

    private void subscribe(HttpExchange exchange, JsonNode id, String taskId, A2aVersion version)
            throws IOException, InterruptedException {
        TaskRun run = runs.find(taskId).orElseThrow(() -> new RpcFailure(JsonRpcError.taskNotFound(taskId)));
        Long resumeAfter = lastEventId(exchange);
        TaskRun.Snapshot snapshot = run.snapshot();
        if (resumeAfter == null && snapshot.task().status().state().isTerminal()) {
            throw new RpcFailure(JsonRpcError.unsupportedOperation("task " + taskId + " has ended; read it with GetTask"));
        }
        OutputStream out = startStream(exchange);
        long position;
        if (resumeAfter == null || resumeAfter > snapshot.seq()) {
            // A fresh subscription, or an id this run never issued (the agent restarted): the whole task first.
            frame(out, id, snapshot.seq(), snapshot.task(), version);
            position = snapshot.seq();
        } else {
            position = resumeAfter;
        }
        pump(out, id, run, position, version);
    }

    /** Streams the run's events after {@code position} until one ends the turn, the run goes idle or the caller leaves. */
    private void pump(OutputStream out, JsonNode id, TaskRun run, long position, A2aVersion version)
            throws IOException, InterruptedException {
        while (true) {
            TaskRun.Batch batch = run.await(position, keepAliveMillis);
            if (batch.gap()) {
                TaskRun.Snapshot snapshot = run.snapshot();
                frame(out, id, snapshot.seq(), snapshot.task(), version);
                position = snapshot.seq();
                continue;
            }
            if (batch.entries().isEmpty()) {
                if (batch.idle()) {
                    return;
                }
                out.write(KEEP_ALIVE);
                out.flush();
                continue;
            }
            for (TaskRun.Entry entry : batch.entries()) {
                frame(out, id, entry.seq(), entry.event(), version);
                position = entry.seq();
                if (entry.last()) {
                    return;
                }
            }
        }
    }

    private JsonNode getTask(JsonNode params, A2aVersion version) {
        TaskQueryParams query = read(params, TaskQueryParams.class);
        Task task = store.get(query.id()).orElseThrow(() -> new RpcFailure(JsonRpcError.taskNotFound(query.id())));
        return A2aJson.toTree(trim(task, query.historyLength()), version);
    }

    private JsonNode listTasks(JsonNode params, A2aVersion version) {
        TaskState state = null;
        String status = params.path("status").asText("");
        if (!status.isEmpty() && !status.equals("TASK_STATE_UNSPECIFIED")) {
            state = TaskState.fromWireName(status).orElseThrow(() ->
                    new RpcFailure(JsonRpcError.invalidParams("unknown task state '" + status + "'")));
        }
        int pageSize = params.path("pageSize").asInt(TaskQuery.DEFAULT_PAGE_SIZE);
        if (pageSize < 1 || pageSize > TaskQuery.MAX_PAGE_SIZE) {
            throw new RpcFailure(JsonRpcError.invalidParams("pageSize must be 1-" + TaskQuery.MAX_PAGE_SIZE + ", was " + pageSize));
        }
        String contextId = params.path("contextId").asText("");
        String token = params.path("pageToken").asText("");
        TaskPage page;
        try {
            page = store.list(new TaskQuery(contextId.isEmpty() ? null : contextId, state, pageSize, token.isEmpty() ? null : token));
        } catch (AcfException e) {
            throw new RpcFailure(JsonRpcError.invalidParams(e.getMessage()));
        }
        Integer historyLength = params.hasNonNull("historyLength") ? params.get("historyLength").asInt() : null;
        boolean artifacts = params.path("includeArtifacts").asBoolean(false);
        ObjectNode result = AcfJson.mapper().createObjectNode();
        ArrayNode tasks = result.putArray("tasks");
        for (Task task : page.tasks()) {
            Task shown = trim(task, historyLength);
            if (!artifacts) {
                shown = new Task(shown.id(), shown.contextId(), shown.status(), java.util.List.of(), shown.history(), shown.metadata());
            }
            tasks.add(A2aJson.toTree(shown, version));
        }
        result.put("nextPageToken", page.nextPageToken() == null ? "" : page.nextPageToken());
        result.put("pageSize", pageSize);
        result.put("totalSize", page.totalSize());
        return result;
    }

    private static Task trim(Task task, @Nullable Integer historyLength) {
        if (historyLength == null || task.history().size() <= historyLength) {
            return task;
        }
        var history = task.history().subList(task.history().size() - historyLength, task.history().size());
        return new Task(task.id(), task.contextId(), task.status(), task.artifacts(), history, task.metadata());
    }

    private static <T> T read(JsonNode params, Class<T> type) {
        try {
            return A2aJson.convert(params, type);
        } catch (AcfException | IllegalArgumentException e) {
            throw new RpcFailure(JsonRpcError.invalidParams(e.getMessage() == null ? "invalid " + type.getSimpleName() : e.getMessage()));
        }
    }

    private static TaskRuns.Opened await(CompletableFuture<TaskRuns.Opened> opened) throws InterruptedException {
        try {
            return opened.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RpcFailure failure ? failure : new RpcFailure(JsonRpcError.internalError());
        }
    }

    private static @Nullable Long lastEventId(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RpcFailure(JsonRpcError.invalidRequest("Last-Event-ID must be an event number this agent sent, was '" + value + "'"));
        }
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void frame(OutputStream out, JsonNode id, @Nullable Long seq, StreamEvent event, A2aVersion version) throws IOException {
        StreamEvent sent = seq == null || seq == 0 ? event : numbered(event, seq);
        JsonRpcResponse response = JsonRpcResponse.success(id, A2aJson.toTree(new StreamResponse(sent), version));
        StringBuilder frame = new StringBuilder();
        if (seq != null) {
            frame.append("id: ").append(seq).append('\n');
        }
        frame.append("data: ").append(A2aJson.writeString(response, version)).append("\n\n");
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The event with its number in {@code metadata."acf.seq"}; a task snapshot carries the number of the last event it reflects. */
    private static StreamEvent numbered(StreamEvent event, long seq) {
        return switch (event) {
            case Task t -> new Task(t.id(), t.contextId(), t.status(), t.artifacts(), t.history(), withSeq(t.metadata(), seq));
            case TaskStatusUpdateEvent s -> new TaskStatusUpdateEvent(s.taskId(), s.contextId(), s.status(), withSeq(s.metadata(), seq));
            case TaskArtifactUpdateEvent a -> new TaskArtifactUpdateEvent(a.taskId(), a.contextId(), a.artifact(), a.append(), a.lastChunk(),
                    withSeq(a.metadata(), seq));
            case Message m -> m;
        };
    }

    private static Map<String, Object> withSeq(Map<String, Object> metadata, long seq) {
        Map<String, Object> out = new LinkedHashMap<>(metadata);
        out.put(SessionProtocol.SEQ, seq);
        return out;
    }

    private static void json(HttpExchange exchange, int status, JsonRpcResponse response, A2aVersion version) throws IOException {
        byte[] bytes = A2aJson.write(response, version);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
