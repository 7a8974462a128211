package dev.acf.client.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * Serves {@code GET /.well-known/agent-card.json}: the v1.0 card with the v0.3 fields it lacks
 * ({@code url}, {@code preferredTransport}, {@code protocolVersion}...) added, so clients of
 * either version read it without asking for one. Written once; immutable.
 */
final class CardDocument {
    private final byte[] body;

    CardDocument(AgentCard card) {
        ObjectNode merged = (ObjectNode) A2aJson.toTree(card, A2aVersion.V1_0);
        JsonNode v03 = A2aJson.toTree(card, A2aVersion.V0_3);
        for (Iterator<Map.Entry<String, JsonNode>> it = v03.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!merged.has(field.getKey())) {
                merged.set(field.getKey(), field.getValue());
            }
        }
        this.body = AcfJson.writeBytes(merged);
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
