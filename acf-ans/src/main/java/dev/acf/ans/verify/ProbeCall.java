package dev.acf.ans.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aMethod;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.JsonRpcRequest;
import dev.acf.api.a2a.Message;
import dev.acf.api.a2a.Role;
import dev.acf.api.a2a.SendMessageRequest;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.verify.Expectation;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.TestResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One probe call: a test case's message sent as A2A 1.0 {@code SendMessage} to an agent through
 * the gateway, with the probe's certificate, and its answer checked against the expectations.
 * The message names the skill in its metadata ({@code skillId}); a dry run adds
 * {@link ProbeIdentity#DRY_RUN_HEADER} and {@link ProbeIdentity#DRY_RUN_METADATA}.
 */
final class ProbeCall {
    /** The gateway's answer to a caller it does not (yet) let call: the grant may not have reached it. */
    static final int FORBIDDEN = 403;

    private ProbeCall() {}

    /** What came back: the HTTP status, and the answer's text and JSON when it was a JSON-RPC result. */
    record Answer(int status, @Nullable String error, String text, @Nullable JsonNode json) {}

    /** Sends the test case's message and returns the answer; never throws for what the agent or network does. */
    static Answer send(HttpClient http, URI gateway, AgentName agent, SkillTestCase test, Duration timeout) throws InterruptedException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("skillId", test.skill());
        metadata.put("acfTestCase", test.id());
        if (test.dryRun()) {
            metadata.put(ProbeIdentity.DRY_RUN_METADATA, true);
        }
        Message message = Message.builder("probe-" + UUID.randomUUID(), Role.USER).parts(test.input()).metadata(metadata).build();
        JsonRpcRequest rpc = JsonRpcRequest.of(1, A2aMethod.SEND_MESSAGE, A2aVersion.V1_0,
                A2aJson.toTree(SendMessageRequest.of(message), A2aVersion.V1_0));
        URI target = gateway.resolve("/agents/" + URLEncoder.encode(agent.toString(), StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(A2aVersion.HEADER, A2aVersion.V1_0.headerValue())
                .POST(HttpRequest.BodyPublishers.ofByteArray(A2aJson.write(rpc, A2aVersion.V1_0)));
        if (test.dryRun()) {
            request.header(ProbeIdentity.DRY_RUN_HEADER, "1");
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, "the call failed: " + e, "", null);
        }
    }

    /** Checks an answer against a test case. */
    static TestResult result(SkillTestCase test, Answer answer, double latencyMs, Instant at) {
        String failure = answer.error();
        if (failure == null) {
            for (Expectation e : test.expect()) {
                failure = e.failure(answer.text(), answer.json());
                if (failure != null) {
                    break;
                }
            }
        }
        return new TestResult(test.skill(), test.id(), failure == null, failure, Math.round(latencyMs * 1000) / 1000.0, at);
    }

    /** Returns how long since a start, in milliseconds. */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    static Answer answer(int status, byte[] body) {
        JsonNode json;
        try {
            json = AcfJson.readTree(body);
        } catch (AcfException e) {
            return new Answer(status, "HTTP " + status + ", not JSON", "", null);
        }
        if (status != 200) {
            return new Answer(status, "HTTP " + status + " " + json.path("error").asText(json.path("code").asText("")) + ": "
                    + json.path("message").asText(""), "", null);
        }
        if (json.has("error")) {
            return new Answer(status, "JSON-RPC error " + json.path("error").path("code").asText() + ": "
                    + json.path("error").path("message").asText(), "", null);
        }
        JsonNode result = json.path("result");
        List<String> texts = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        collect(result, texts, data);
        String text = String.join("\n", texts);
        JsonNode structured = !data.isEmpty() ? data.get(0) : parsed(text);
        return new Answer(status, null, text, structured);
    }

    /** Gathers the parts of the answer (message, status message, artifacts), leaving out the history (the probe's own message). */
    private static void collect(JsonNode node, List<String> texts, List<JsonNode> data) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, texts, data));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("history")) {
                continue;
            }
            if (field.getKey().equals("parts") && field.getValue().isArray()) {
                for (JsonNode part : field.getValue()) {
                    if (part.path("text").isTextual()) {
                        texts.add(part.path("text").asText());
                    } else if (part.has("data")) {
                        data.add(part.get("data"));
                        texts.add(part.get("data").toString());
                    }
                }
            } else {
                collect(field.getValue(), texts, data);
            }
        }
    }

    private static @Nullable JsonNode parsed(String text) {
        String t = text.trim();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            JsonNode node = AcfJson.readTree(t.getBytes(StandardCharsets.UTF_8));
            return node instanceof ObjectNode || node.isArray() ? node : null;
        } catch (AcfException e) {
            return null;
        }
    }
}
