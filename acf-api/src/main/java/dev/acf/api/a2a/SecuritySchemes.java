package dev.acf.api.a2a;

import static dev.acf.api.a2a.Fields.malformed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Translates security schemes between v0.3's OpenAPI shape ({@code {"type": "http", ...}})
 * and v1.0's ProtoJSON oneof ({@code {"httpAuthSecurityScheme": {...}}}).
 *
 * <p>The schemes stay trees: ACF passes them through and does not act on them. API keys'
 * {@code in} is v1.0's {@code location}; v1.0's device-code flow and {@code pkceRequired} have
 * no v0.3 form and are dropped when writing v0.3.
 */
final class SecuritySchemes {
    /** v0.3 {@code type} to v1.0 oneof field. */
    private static final Map<String, String> V10_FIELD = Map.of(
            "apiKey", "apiKeySecurityScheme",
            "http", "httpAuthSecurityScheme",
            "oauth2", "oauth2SecurityScheme",
            "openIdConnect", "openIdConnectSecurityScheme",
            "mutualTLS", "mtlsSecurityScheme");

    private SecuritySchemes() {}

    /** Returns the scheme in the v1.0 shape, translating a v0.3 one. */
    static JsonNode toV10(JsonNode node, String path) {
        ObjectNode scheme = Fields.object(node, path);
        JsonNode type = scheme.get("type");
        if (type == null) {
            return scheme.deepCopy();
        }
        String field = V10_FIELD.get(type.asText());
        if (field == null) {
            throw malformed(path + ".type", "unknown security scheme type " + type);
        }
        ObjectNode body = scheme.deepCopy();
        body.remove("type");
        if (body.has("in")) {
            body.set("location", body.remove("in"));
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set(field, body);
        return out;
    }

    /** Returns the scheme in the v0.3 shape; a scheme of an unknown shape is written as it is. */
    static JsonNode toV03(JsonNode node) {
        if (!(node instanceof ObjectNode scheme) || scheme.size() != 1) {
            return node.deepCopy();
        }
        for (Map.Entry<String, String> entry : V10_FIELD.entrySet()) {
            if (scheme.get(entry.getValue()) instanceof ObjectNode body) {
                ObjectNode out = JsonNodeFactory.instance.objectNode().put("type", entry.getKey());
                ObjectNode copy = body.deepCopy();
                if (copy.has("location")) {
                    copy.set("in", copy.remove("location"));
                }
                if (copy.get("flows") instanceof ObjectNode flows) {
                    flows.remove("deviceCode");
                    if (flows.get("authorizationCode") instanceof ObjectNode code) {
                        code.remove("pkceRequired");
                    }
                }
                out.setAll(copy);
                return out;
            }
        }
        return scheme.deepCopy();
    }
}
