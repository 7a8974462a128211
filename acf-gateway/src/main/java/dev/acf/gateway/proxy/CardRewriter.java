package dev.acf.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.acf.api.a2a.A2aJson;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.json.AcfJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites an agent's A2A Agent Card for callers of the gateway, in the shape clients of
 * both A2A versions read ({@link A2aJson#dualVersionCard}): every interface URL (and the
 * v0.3 top-level {@code url}) becomes the agent's gateway address, and any other string in
 * the card that is a URL on one of the agent's own hosts is mapped there too, so the card
 * reveals no internal address. Stateless and thread-safe.
 *
 * <pre>{@code
 * byte[] json = CardRewriter.rewrite(record, "https://gw.example.net/agents/ans%3A%2F%2Fv1.0.0.rca.ops.example.net");
 * }</pre>
 */
public final class CardRewriter {
    private static final List<String> INTERFACE_LISTS = List.of("supportedInterfaces", "additionalInterfaces");

    private CardRewriter() {}

    /** Returns the record's card as JSON, rewritten for the gateway address {@code agentBase}. */
    public static byte[] rewrite(AgentRecord record, String agentBase) {
        return AcfJson.writeBytes(rewriteTree(record, agentBase));
    }

    /** Returns the record's card as a JSON tree, rewritten for the gateway address {@code agentBase}. */
    public static JsonNode rewriteTree(AgentRecord record, String agentBase) {
        UrlRewriter urls = new UrlRewriter(record.endpoints(), agentBase);
        // Both versions' fields: the caller's version is not known when it reads the card.
        JsonNode card = A2aJson.dualVersionCard(record.agentCard());
        if (card instanceof ObjectNode root) {
            if (root.has("url")) {
                root.put("url", agentBase);
            }
            for (String list : INTERFACE_LISTS) {
                if (root.get(list) instanceof ArrayNode interfaces) {
                    for (JsonNode i : interfaces) {
                        if (i instanceof ObjectNode o && o.has("url")) {
                            o.put("url", agentBase);
                        }
                    }
                }
            }
            walk(root, urls);
        }
        return card;
    }

    private static void walk(JsonNode node, UrlRewriter urls) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.properties().forEach(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                if (field.getValue().isTextual() && urls.isInternal(field.getValue().asText())) {
                    object.put(field.getKey(), urls.rewrite(field.getValue().asText()));
                } else {
                    walk(field.getValue(), urls);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isTextual() && urls.isInternal(element.asText())) {
                    array.set(i, TextNode.valueOf(urls.rewrite(element.asText())));
                } else {
                    walk(element, urls);
                }
            }
        }
    }
}
