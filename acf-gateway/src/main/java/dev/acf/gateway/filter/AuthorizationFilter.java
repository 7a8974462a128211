package dev.acf.gateway.filter;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.StreamListener;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.gateway.pipeline.NamedSkill;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Asks a {@link PermissionPolicy} whether the caller may act on the agent it addresses, and
 * answers 403 {@code permission_denied} naming the deciding rule when it may not. The action is
 * {@code call:<A2A method>} for a JSON-RPC call ({@code call:*} when the method is unknown) and
 * {@link PermissionPolicy#DISCOVER} for reading an agent's card ({@code GET}). A call that sends a
 * message ({@code SendMessage}, {@code SendStreamingMessage}, {@code message/send},
 * {@code message/stream}) invokes a skill, so the policy is asked {@code skill:<id>} first, for the
 * skill the call names in its A2A metadata ({@code skillId} or {@code skill}), or {@code skill:*}
 * when it names none: a grant limited to some skills then allows only calls naming one of them.
 * A message on a task an earlier message of the same caller started naming a skill (a reply to
 * a task that asked for input) counts as naming that skill: the filter remembers the task of
 * each answer to such a message, streamed or not ({@link TaskSkills}). Calls on existing tasks ({@code GetTask}, {@code CancelTask}...) invoke no new skill. Requests that
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

    /** The action asked for a message that names no skill: only a grant for every skill allows it. */
    public static final String ANY_SKILL = "skill:*";

    /** The A2A methods that send a message, and so invoke a skill (JSON-RPC names of A2A 1.0 and 0.3). */
    private static final List<String> SENDS_MESSAGE = List.of("SendMessage", "SendStreamingMessage", "message/send", "message/stream");

    private final PermissionPolicy policy;
    private final boolean nonBlocking;
    /** Whether skills are asked about: not by the default policy, which allows everything. */
    private final boolean asksSkills;
    private final TaskSkills tasks = new TaskSkills(TaskSkills.DEFAULT_CAPACITY);

    /** Allows everything: the hook without a policy. */
    public AuthorizationFilter() {
        AccessDecision allowed = AccessDecision.allow(ALLOW_ALL);
        this.policy = (caller, target, action) -> allowed;
        this.nonBlocking = true;
        this.asksSkills = false;
    }

    /** Asks this policy. */
    public AuthorizationFilter(PermissionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        // A policy that may ask a service has its calls run on virtual threads.
        this.nonBlocking = policy.nonBlocking();
        this.asksSkills = true;
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
        boolean read = exchange.request().method().equals("GET");
        String named = null;
        if (!read && asksSkills && sendsMessage(facts.method())) {
            // Asked before the call, so a refused skill does not use up a grant's calls of the minute.
            named = NamedSkill.of(exchange);
            String skill = named != null || facts.taskId() == null ? named : tasks.skillOf(exchange.caller(), facts.target(), facts.taskId());
            String action = skill == null ? ANY_SKILL : "skill:" + skill;
            Exchange.Response refused = refusal(exchange, facts.target(), action,
                    skill == null ? "the message names no skill (A2A metadata skillId)" : null);
            if (refused != null) {
                return CompletableFuture.completedFuture(refused);
            }
        }
        String action = read ? PermissionPolicy.DISCOVER : "call:" + (facts.method() == null ? "*" : facts.method());
        Exchange.Response refused = refusal(exchange, facts.target(), action, null);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        if (named == null || !exchange.caller().isAuthenticated()) {
            return chain.proceed(exchange);
        }
        String skill = named;
        AgentName target = facts.target();
        return chain.proceed(exchange).thenApply(response -> {
            if (response.status() / 100 == 2) {
                String task = AnswerScan.of(response).taskId(); // nothing for a stream: its listener reads its events
                if (task != null) {
                    tasks.remember(exchange.caller(), target, task, skill);
                }
            }
            return response;
        });
    }

    /**
     * Reads the task id from the events of a streamed answer to a message that named its skill,
     * up to the first that names one, and remembers the task's skill.
     */
    @Override
    public @Nullable StreamListener streamListener(Exchange exchange) {
        if (!asksSkills || !exchange.caller().isAuthenticated() || exchange.request().method().equals("GET")) {
            return null;
        }
        A2aFacts facts = A2aFacts.of(exchange);
        String skill = facts.target() == null || !sendsMessage(facts.method()) ? null : NamedSkill.of(exchange);
        if (skill == null) {
            return null;
        }
        AgentName target = facts.target();
        return new StreamListener() {
            private boolean found;

            @Override
            public SseEvent onEvent(Exchange x, SseEvent event) {
                if (!found && event.data() != null) {
                    String task = AnswerScan.of(Body.of(event.data())).taskId();
                    if (task != null) {
                        found = true;
                        tasks.remember(x.caller(), target, task, skill);
                    }
                }
                return event;
            }
        };
    }

    /** Returns how many tasks' skills are remembered (tests). */
    int rememberedTasks() {
        return tasks.size();
    }

    /** Returns true for a method that sends a message; compared in place, as this runs on every call. */
    private static boolean sendsMessage(@Nullable String method) {
        if (method != null) {
            for (String m : SENDS_MESSAGE) {
                if (m.equalsIgnoreCase(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns the 403 answer when the policy refuses the action, else null. */
    private Exchange.@Nullable Response refusal(Exchange exchange, AgentName target, String action, @Nullable String note) {
        AccessDecision decision = policy.decide(exchange.caller(), target, action);
        if (decision != null && decision.allowed()) {
            return null;
        }
        String rule = decision == null ? "no-decision" : decision.ruleId();
        String reason = decision == null ? "the policy gave no decision" : decision.reason();
        return Exchange.Response.error(ErrorCode.PERMISSION_DENIED.httpStatus(), ErrorCode.PERMISSION_DENIED.id(),
                        exchange.caller().subject() + " may not " + action + " on " + target + " (rule " + rule + "): " + reason
                                + (note == null ? "" : "; " + note))
                .withHeader("acf-denied-by", rule);
    }
}
