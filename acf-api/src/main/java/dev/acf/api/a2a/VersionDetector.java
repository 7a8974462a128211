package dev.acf.api.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Guesses which A2A version wrote a document from the marks only one version makes: v0.3's
 * {@code kind} values, kebab-case states, lowercase roles, slash method names and card fields;
 * v1.0's {@code TASK_STATE_*} and {@code ROLE_*} enums, PascalCase method names, result
 * wrappers and renamed fields. Metadata, data and extension parameters are skipped: they are
 * the user's content, not the protocol's.
 */
final class VersionDetector {
    private static final Set<String> V03_KINDS =
            Set.of("text", "file", "data", "message", "task", "status-update", "artifact-update");
    private static final Set<String> V03_FIELDS = Set.of("preferredTransport", "additionalInterfaces",
            "supportsAuthenticatedExtendedCard", "blocking", "stateTransitionHistory", "pushNotificationConfigId");
    private static final Set<String> V10_FIELDS = Set.of("supportedInterfaces", "protocolBinding", "returnImmediately",
            "statusUpdate", "artifactUpdate", "taskPushNotificationConfig", "securityRequirements", "extendedAgentCard",
            "mediaType", "raw");
    private static final Set<String> OPAQUE = Set.of("metadata", "data", "params", "header");
    private static final int MAX_NODES = 10_000;

    private int v03;
    private int v10;
    private int visited;

    private VersionDetector() {}

    static Optional<A2aVersion> detect(JsonNode document) {
        VersionDetector detector = new VersionDetector();
        detector.visit(document);
        if (detector.v03 == detector.v10) {
            return Optional.empty();
        }
        return Optional.of(detector.v03 > detector.v10 ? A2aVersion.V0_3 : A2aVersion.V1_0);
    }

    private void visit(JsonNode node) {
        if (++visited > MAX_NODES) {
            return;
        }
        if (node.isArray()) {
            node.forEach(this::visit);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        boolean rpc = node.has("jsonrpc");
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            score(name, value);
            // JSON-RPC params are protocol content; other params, data and metadata are not.
            boolean opaque = OPAQUE.contains(name) && !(rpc && name.equals("params"));
            if (!opaque && value.isContainerNode()) {
                visit(value);
            }
        }
    }

    private void score(String name, JsonNode value) {
        if (V03_FIELDS.contains(name)) {
            v03++;
        } else if (V10_FIELDS.contains(name)) {
            v10++;
        }
        if (!value.isTextual()) {
            return;
        }
        String text = value.textValue();
        switch (name) {
            case "kind" -> v03 += V03_KINDS.contains(text) ? 1 : 0;
            case "state" -> {
                if (text.startsWith("TASK_STATE_")) {
                    v10++;
                } else if (TaskState.isV03Name(text)) {
                    v03++;
                }
            }
            case "role" -> {
                if (text.startsWith("ROLE_")) {
                    v10++;
                } else if (text.equals("user") || text.equals("agent")) {
                    v03++;
                }
            }
            case "method" -> A2aMethod.versionOf(text).ifPresent(version -> {
                if (version == A2aVersion.V0_3) {
                    v03++;
                } else {
                    v10++;
                }
            });
            default -> {
                // other strings say nothing about the version
            }
        }
    }
}
