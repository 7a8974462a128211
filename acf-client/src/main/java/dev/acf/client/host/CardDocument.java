package dev.acf.client.host;

import com.sun.net.httpserver.HttpExchange;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.json.AcfJson;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Serves {@code GET /.well-known/agent-card.json}: the v1.0 card with the v0.3 fields it lacks
 * ({@code url}, {@code preferredTransport}, {@code protocolVersion}...) added, so clients of
 * either version read it without asking for one. Written once; immutable.
 */
final class CardDocument {
    private final byte[] body;

    CardDocument(AgentCard card) {
        this.body = AcfJson.writeBytes(A2aJson.dualVersionCard(card));
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
