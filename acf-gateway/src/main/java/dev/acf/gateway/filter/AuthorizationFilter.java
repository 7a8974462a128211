package dev.acf.gateway.filter;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.PermissionPolicy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a {@link PermissionPolicy} whether the caller may act on the agent it addresses, and
 * answers 403 {@code permission_denied} naming the deciding rule when it may not. The action is
 * {@code call:<A2A method>} for a JSON-RPC call ({@code call:*} when the method is unknown) and
 * {@link PermissionPolicy#DISCOVER} for reading an agent's card ({@code GET}). Requests that
 * address no agent pass (the catalogue filters by policy itself). The target is
 * {@code ExchangeAttributes.TARGET} when set, else the name in {@code /agents/{name}}.
 * The default policy allows everything. Stage {@code SECURITY}, after authentication.
 * Thread-safe; as fast as the policy. Non-blocking with the default policy and any that says it is
 * {@linkplain PermissionPolicy#nonBlocking() non-blocking} (such as {@link GrantPolicy}).
 *
 * <pre>{@code
 * GatewayFilter authz = new AuthorizationFilter((caller, target, action) ->
 *         caller.isAuthenticated() ? AccessDecision.allow("authenticated") : AccessDecision.deny("authn-required", "log in"));
 * }</pre>
 */
public final class AuthorizationFilter implements AsyncGatewayFilter {
    /** The rule id of the default policy's decisions. */
    public static final String ALLOW_ALL = "allow-all";

    private final PermissionPolicy policy;
    private final boolean nonBlocking;

    /** Allows everything: the hook without a policy. */
    public AuthorizationFilter() {
        AccessDecision allowed = AccessDecision.allow(ALLOW_ALL);
        this.policy = (caller, target, action) -> allowed;
        this.nonBlocking = true;
    }

    /** Asks this policy. */
    public AuthorizationFilter(PermissionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        // A policy that may ask a service has its calls run on virtual threads.
        this.nonBlocking = policy.nonBlocking();
    }

    /** Returns true for the default policy and a {@linkplain PermissionPolicy#nonBlocking() non-blocking} one, which decide from memory. */
    @Override
    public boolean nonBlocking() {
        return nonBlocking;
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        A2aFacts facts = A2aFacts.of(exchange);
        if (facts.target() == null) {
            return chain.proceed(exchange);
        }
        String action = exchange.request().method().equals("GET") ? PermissionPolicy.DISCOVER
                : "call:" + (facts.method() == null ? "*" : facts.method());
        AccessDecision decision = policy.decide(exchange.caller(), facts.target(), action);
        if (decision == null || !decision.allowed()) {
            String rule = decision == null ? "no-decision" : decision.ruleId();
            String reason = decision == null ? "the policy gave no decision" : decision.reason();
            return CompletableFuture.completedFuture(Exchange.Response.error(ErrorCode.PERMISSION_DENIED.httpStatus(),
                    ErrorCode.PERMISSION_DENIED.id(),
                    exchange.caller().subject() + " may not " + action + " on " + facts.target() + " (rule " + rule + "): " + reason)
                    .withHeader("acf-denied-by", rule));
        }
        return chain.proceed(exchange);
    }
}
