package dev.acf.ans.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import dev.acf.ans.AnsService;
import dev.acf.api.security.GrantRequest;
import dev.acf.ans.permission.Permissions;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.Grant;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The permission routes (ANS-SEC-1): {@code /v1/permissions[/{id}]} and the grant side of the
 * admin queue. Agents act with bodies they sign ({@code application/jose}, the payload naming
 * them in {@code "agent"}); administrators with their bearer token. Reading grants, the list or
 * one with its history, needs the administrator token or a grant reader token: they say who may
 * discover and call whom. Answers clients act on are signed. Stateless and thread-safe.
 */
final class PermissionRoutes {
    private final AnsService service;

    PermissionRoutes(AnsService service) {
        this.service = service;
    }

    /** Answers {@code /v1/permissions...}. */
    HttpAnswer handle(HttpCall call, List<String> s) {
        if (s.size() == 2) {
            return switch (call.method()) {
                case "POST" -> {
                    Grant g = call.isSignedByAgent()
                            ? service.requestPermission(signer(call), call.signedRequest())
                            : service.createPermission(call.json(GrantRequest.class), call.bearer());
                    yield HttpAnswer.signedJson(g.status() == Grant.Status.PENDING ? 202 : 201, Map.of("permission", g));
                }
                case "GET", "HEAD" -> {
                    service.authorizeGrantReader(call.bearer());
                    yield HttpAnswer.signedJson(200, Map.of("permissions", service.permissions().list(
                            call.query().get("caller"), call.query().get("target"), status(call.query().get("status")))));
                }
                default -> throw new AnsRoutes.MethodNotAllowed("GET, HEAD, POST");
            };
        }
        if (s.size() == 3) {
            String id = s.get(2);
            return switch (call.method()) {
                case "GET", "HEAD" -> {
                    service.authorizeGrantReader(call.bearer());
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("permission", service.permissions().require(id));
                    answer.put("history", service.permissions().history(id));
                    yield HttpAnswer.signedJson(200, answer);
                }
                case "DELETE" -> {
                    Grant g;
                    if (call.isSignedByAgent()) {
                        g = service.revokePermissionAsAgent(id, signer(call), call.signedRequest());
                    } else {
                        AnsRoutes.RejectionBody body = call.body().length == 0 ? new AnsRoutes.RejectionBody(null)
                                : call.json(AnsRoutes.RejectionBody.class);
                        g = service.revokePermission(id, body.reason() == null ? "revoked" : body.reason(), call.bearer());
                    }
                    yield HttpAnswer.signedJson(200, Map.of("permission", g));
                }
                default -> throw new AnsRoutes.MethodNotAllowed("GET, HEAD, DELETE");
            };
        }
        throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: " + call.method() + " /" + String.join("/", s));
    }

    /** The pending grants for {@code GET /v1/admin/requests}, in the status asked (APPROVED means ACTIVE). */
    List<Grant> queue(String status) {
        Grant.Status wanted = switch (status) {
            case "PENDING" -> Grant.Status.PENDING;
            case "APPROVED" -> Grant.Status.ACTIVE;
            default -> Grant.Status.REJECTED;
        };
        return service.permissions().list(null, null, wanted);
    }

    /** Decides a grant through the admin queue. */
    HttpAnswer decide(HttpCall call, String id, boolean approve) {
        if (approve) {
            return HttpAnswer.signedJson(200, Map.of("permission", service.approvePermission(id, call.bearer())));
        }
        AnsRoutes.RejectionBody body = call.body().length == 0 ? new AnsRoutes.RejectionBody(null) : call.json(AnsRoutes.RejectionBody.class);
        return HttpAnswer.signedJson(200, Map.of("permission",
                service.rejectPermission(id, body.reason() == null ? "rejected" : body.reason(), call.bearer())));
    }

    static boolean isGrantId(String id) {
        return Permissions.isGrantId(id);
    }

    /**
     * Returns the agent an agent-signed body names in {@code "agent"}: read before verification
     * only to find the key to verify with; the signature check then proves it.
     */
    static AgentName signer(HttpCall call) {
        JsonNode payload;
        try {
            String jws = new String(call.body(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            payload = AcfJson.readTree(JWSObject.parse(jws).getPayload().toBytes());
        } catch (ParseException | RuntimeException e) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, "the signed body is not a JWS with a JSON payload");
        }
        String agent = payload.path("agent").asText("");
        if (agent.isEmpty()) {
            throw new ValidationException("a signed request names its agent: {\"agent\": \"ans://v1.0.0.<name>\", ...}");
        }
        return AnsRoutes.agentName(agent);
    }

    private static Grant.@Nullable Status status(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Grant.Status.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("status must be PENDING, ACTIVE, REJECTED or REVOKED, was '" + text + "'");
        }
    }
}
