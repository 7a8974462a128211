package dev.acf.gateway.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.proxy.AgentResolver;
import dev.acf.gateway.proxy.CardRewriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue of the agents behind this gateway: the names it is configured to expose,
 * resolved through ANS on each call (an exposed name that does not resolve now is left out).
 * Each entry carries the agent's gateway address and the URL of its rewritten card:
 * {@code {"agents":[{"name","version","description","url","card"}]}}. Who may see the
 * catalogue is decided by the security filters in front of it. May block on ANS: call from a
 * virtual thread. Thread-safe.
 *
 * <pre>{@code
 * AgentCatalog catalog = new AgentCatalog(resolver, List.of(AgentName.parse("ans://rca.ops.example.net")));
 * Exchange.Response listing = catalog.list("https://gw.example.net", requestId);
 * }</pre>
 */
public final class AgentCatalog {
    /** The catalogue's path. */
    public static final String PATH = "/v1/catalog";

    private static final HttpHeaders JSON = HttpHeaders.of("content-type", "application/json");

    private final AgentResolver resolver;
    private final List<AgentName> exposed;
    private final @Nullable PermissionPolicy policy;

    /** Creates the catalogue of these exposed names (with or without versions). */
    public AgentCatalog(AgentResolver resolver, List<AgentName> exposed) {
        this(resolver, exposed, null);
    }

    /**
     * Creates the catalogue of these exposed names, listing to each caller only the agents the
     * policy lets it discover (ANS-SEC-1); a null policy lists every exposed agent.
     */
    public AgentCatalog(AgentResolver resolver, List<AgentName> exposed, @Nullable PermissionPolicy policy) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.exposed = List.copyOf(exposed);
        this.policy = policy;
    }

    /** Returns the exposed names. */
    public List<AgentName> exposed() {
        return exposed;
    }

    /** Returns true when the name is exposed here, or when no list is configured (everything ANS resolves is routable). */
    public boolean routable(AgentName name) {
        return exposed.isEmpty() || exposed.stream().anyMatch(e -> e.fqdn().equals(name.fqdn())
                && (e.version() == null || e.version().equals(name.version()) || name.version() == null));
    }

    /** Answers {@code GET /v1/catalog} for a gateway reached at {@code base}, listing every exposed agent. */
    public Exchange.Response list(String base) {
        return list(base, null);
    }

    /** Answers {@code GET /v1/catalog} for a caller: the exposed agents it may discover. */
    public Exchange.Response list(String base, @Nullable CallerIdentity caller) {
        ObjectNode root = AcfJson.mapper().createObjectNode();
        ArrayNode agents = root.putArray("agents");
        for (AgentName name : exposed) {
            Optional<AgentRecord> record = resolver.resolve(name);
            if (record.isEmpty()) {
                continue;
            }
            AgentRecord r = record.get();
            if (policy != null && caller != null && !policy.decide(caller, r.name(), PermissionPolicy.DISCOVER).allowed()) {
                continue;
            }
            String agentBase = base + AgentPath.of(r.name());
            ObjectNode entry = agents.addObject();
            entry.put("name", r.name().toString());
            entry.put("version", r.version().toString());
            entry.put("description", r.agentCard().description());
            entry.put("url", agentBase);
            entry.put("card", agentBase + AgentPath.CARD);
        }
        return new Exchange.Response(200, JSON, Body.of(AcfJson.writeBytes(root)));
    }

    /** Answers an agent's card, rewritten for the gateway address {@code agentBase}. */
    public Exchange.Response card(AgentRecord record, String agentBase) {
        return new Exchange.Response(200, JSON, Body.of(CardRewriter.rewrite(record, agentBase)));
    }

    /** Answers the root {@code /.well-known/agent-card.json}: the card of the single exposed agent. */
    public Exchange.Response rootCard(String base, String requestId) {
        if (exposed.size() != 1) {
            return ErrorResponses.of(ErrorCode.NOT_FOUND, "this gateway exposes " + exposed.size()
                    + " agents; see " + PATH + " and /agents/{name}" + AgentPath.CARD, requestId);
        }
        return resolver.resolve(exposed.get(0))
                .map(r -> card(r, base + AgentPath.of(r.name())))
                .orElseGet(() -> ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND, "agent " + exposed.get(0) + " is not available", requestId));
    }
}
