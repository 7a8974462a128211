package dev.acf.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The permission API of an ANS (ANS-SEC-1) as seen by a client: agents request grants for
 * themselves (signed with their key), administrators create, approve, reject and revoke them
 * (bearer token), and the holders of the administrator token or of a grant reader token (a
 * gateway, say) read them. Every answer is verified as signed by the ANS before it is read.
 * Obtain it from {@link AcfClient#permissions()}. Thread-safe; every method may block on the
 * network.
 *
 * <pre>{@code
 * Grant pending = ans.permissions().request(identity,
 *         GrantRequest.of(identity.name().withoutVersion().toString(), "ans://rca.ops.example.net", List.of("SendMessage")));
 * Grant active = ans.permissions().approve(pending.id(), adminToken);
 * }</pre>
 */
public final class PermissionClient {
    private final AnsTransport transport;

    PermissionClient(AnsTransport transport, Clock clock) {
        this.transport = transport;
        Objects.requireNonNull(clock, "clock");
    }

    /** Requests a grant with the identity's agent as the caller: {@code PENDING} until an administrator decides. */
    public Grant request(AgentIdentity identity, GrantRequest request) {
        GrantRequest signed = request.signedBy(identity.name().toString());
        return grant(transport.sendSigned("POST", transport.url("v1", "permissions"), signed, identity.privateKey()));
    }

    /** Creates a grant in force at once, as an administrator. */
    public Grant create(GrantRequest request, String adminToken) {
        return grant(transport.send("POST", transport.url("v1", "permissions"), request, adminToken));
    }

    /** Approves a pending grant through the admin queue. */
    public Grant approve(String id, String adminToken) {
        return grant(transport.send("POST", transport.url("v1", "admin", "requests", id, "approval"), null, adminToken));
    }

    /** Rejects a pending grant through the admin queue. */
    public Grant reject(String id, String reason, String adminToken) {
        return grant(transport.send("POST", transport.url("v1", "admin", "requests", id, "rejection"), Map.of("reason", reason), adminToken));
    }

    /** Revokes a grant as an administrator. */
    public Grant revoke(String id, String reason, String adminToken) {
        return grant(transport.send("DELETE", transport.url("v1", "permissions", id), Map.of("reason", reason), adminToken));
    }

    /** Revokes a grant as the agent it targets or the agent that requested it. */
    public Grant revoke(AgentIdentity identity, String id, String reason) {
        return grant(transport.sendSigned("DELETE", transport.url("v1", "permissions", id),
                Map.of("agent", identity.name().toString(), "reason", reason), identity.privateKey()));
    }

    /**
     * Returns a grant's current version.
     *
     * @param token the administrator token or a grant reader token of the ANS
     */
    public Grant get(String id, String token) {
        return grant(transport.send("GET", transport.url("v1", "permissions", id), null, Objects.requireNonNull(token, "token")));
    }

    /**
     * Returns the grants matching the filters (each may be null): a caller or target agent name, a status.
     *
     * @param token the administrator token or a grant reader token of the ANS
     */
    public List<Grant> list(@Nullable String caller, @Nullable String target, Grant.@Nullable Status status, String token) {
        Objects.requireNonNull(token, "token");
        HttpUrl.Builder url = transport.url("v1", "permissions").newBuilder();
        if (caller != null) {
            url.addQueryParameter("caller", caller);
        }
        if (target != null) {
            url.addQueryParameter("target", target);
        }
        if (status != null) {
            url.addQueryParameter("status", status.name());
        }
        JsonNode grants = AcfJson.readTree(transport.send("GET", url.build(), null, token).body()).path("permissions");
        if (!grants.isArray()) {
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS permission list has no permissions array");
        }
        List<Grant> out = new ArrayList<>(grants.size());
        for (JsonNode g : grants) {
            out.add(convert(g));
        }
        return List.copyOf(out);
    }

    private static Grant grant(AnsTransport.Answer answer) {
        return convert(AcfJson.readTree(answer.body()).path("permission"));
    }

    private static Grant convert(JsonNode node) {
        try {
            return AcfJson.convert(node, Grant.class);
        } catch (AcfException | IllegalArgumentException e) {
            // Signed but unreadable: an ANS fault, not the caller's bad input.
            throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "the ANS answered an invalid grant: " + e.getMessage(), e);
        }
    }
}
