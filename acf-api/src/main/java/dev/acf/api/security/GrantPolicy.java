package dev.acf.api.security;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PermissionPolicy} over a set of {@link Grant}s (ANS-SEC-1): an action is allowed by
 * the first active grant that covers the caller and target, allows the action and whose
 * conditions hold now; otherwise the target domain's default decides. The same evaluation runs
 * in ANS (discovery) and in gateways (calls), fed by {@link #replace} whenever grants change.
 *
 * <p>Rule ids: {@code grant:<id>} (allowed by a grant), {@code grant:<id>:time-window} and
 * {@code grant:<id>:rate} (a grant covers the action but its condition does not hold now),
 * {@code default-allow:<domain>} / {@code default-deny:<domain>} (no grant; {@code *} is the
 * fallback for targets outside every configured domain). The matching grants of each (caller,
 * target, action) are cached until the next {@link #replace}; conditions are checked per call.
 *
 * <p>Thread-safe and non-blocking: {@link #decide} reads an immutable snapshot.
 *
 * <pre>{@code
 * GrantPolicy policy = GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), Decision.DENY).build();
 * policy.replace(activeGrants);
 * AccessDecision d = policy.decide(caller, target, "call:SendMessage");   // rule "grant:perm-1" or "default-deny:ops.example.net"
 * }</pre>
 */
public final class GrantPolicy implements PermissionPolicy {
    /** The most cached decisions before the cache starts over. */
    private static final int MAX_CACHED = 100_000;

    /** A default decision. */
    public enum Decision {
        /** Allowed without a grant. */
        ALLOW,
        /** Refused without a grant. */
        DENY
    }

    /**
     * The default of one domain.
     *
     * @param decision for callers without a grant
     * @param sameDomain for callers of the domain itself without a grant; null for {@code decision}
     */
    public record DomainDefault(Decision decision, @Nullable Decision sameDomain) {
        /** Requires the decision. */
        public DomainDefault {
            Objects.requireNonNull(decision, "decision");
        }
    }

    private record Key(String caller, String domain, List<String> roles, String target, String action) {}

    private final Map<Domain, DomainDefault> defaults;
    private final Decision fallback;
    private final Clock clock;
    private final CallRates rates;
    private volatile List<Grant> grants = List.of();
    private final ConcurrentHashMap<Key, List<Grant>> cache = new ConcurrentHashMap<>();

    private GrantPolicy(Builder b) {
        this.defaults = Map.copyOf(b.defaults);
        this.fallback = b.fallback;
        this.clock = b.clock;
        this.rates = new CallRates(b.clock);
    }

    /** Returns a builder: fallback default {@code ALLOW}, no domain defaults, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** Replaces the grants in force (only {@code ACTIVE} ones are kept) and forgets every cached decision. */
    public void replace(Collection<Grant> all) {
        List<Grant> active = new ArrayList<>();
        for (Grant g : all) {
            if (g.status() == Grant.Status.ACTIVE) {
                active.add(g);
            }
        }
        active.sort(Comparator.comparing(Grant::id));
        grants = List.copyOf(active);
        cache.clear();
        rates.retain(active);
    }

    /**
     * Returns true when every action of every caller is allowed now and until the next
     * {@link #replace}, whatever the target (every default allows and no grant has a time window):
     * callers such as resolution then skip filtering.
     */
    public boolean allowsEverything() {
        if (fallback != Decision.ALLOW) {
            return false;
        }
        for (DomainDefault d : defaults.values()) {
            if (d.decision() != Decision.ALLOW || d.sameDomain() == Decision.DENY) {
                return false;
            }
        }
        for (Grant g : grants) {
            if (g.window() != null) {
                return false;
            }
        }
        return true;
    }

    /** Returns the grants in force. */
    public List<Grant> grants() {
        return grants;
    }

    /** Returns true: decisions come from an immutable snapshot and a cache. */
    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public AccessDecision decide(CallerIdentity caller, AgentName target, String action) {
        List<Grant> matching = matching(caller, target, action);
        AccessDecision refusal = null;
        for (Grant g : matching) {
            if (g.window() != null && !g.window().contains(clock.instant())) {
                refusal = refusal != null ? refusal : AccessDecision.deny(g.ruleId() + ":time-window",
                        "grant " + g.id() + " allows " + action + " only " + describe(g.window()));
                continue;
            }
            if (g.ratePerMinute() != null && action.startsWith("call:") && !rates.tryAcquire(g, caller.subject())) {
                refusal = refusal != null ? refusal : AccessDecision.deny(g.ruleId() + ":rate",
                        "grant " + g.id() + " allows " + g.ratePerMinute() + " calls a minute and they are used up");
                continue;
            }
            return AccessDecision.allow(g.ruleId());
        }
        if (refusal != null) {
            return refusal;
        }
        return byDefault(caller, target, action);
    }

    private List<Grant> matching(CallerIdentity caller, AgentName target, String action) {
        List<Grant> snapshot = grants;
        Key key = new Key(caller.subject(), caller.domain() == null ? "" : caller.domain().name(),
                caller.roles().stream().sorted().toList(), target.toString(), action);
        List<Grant> cached = cache.get(key);
        if (cached != null && snapshot == grants) {
            return cached;
        }
        List<Grant> found = new ArrayList<>(1);
        for (Grant g : snapshot) {
            if (g.covers(caller, target) && g.allowsAction(action)) {
                found.add(g);
            }
        }
        List<Grant> result = List.copyOf(found);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        // Only an answer computed from the grants still in force is kept: a replace() meanwhile wins.
        if (snapshot == grants) {
            cache.put(key, result);
        }
        return result;
    }

    private AccessDecision byDefault(CallerIdentity caller, AgentName target, String action) {
        Domain domain = null;
        for (Domain d : defaults.keySet()) {
            if (d.contains(target) && (domain == null || d.name().length() > domain.name().length())) {
                domain = d;
            }
        }
        Decision decision = fallback;
        String where = "*";
        if (domain != null) {
            DomainDefault dd = defaults.get(domain);
            boolean same = (caller.domain() != null && domain.contains(caller.domain()))
                    || (caller.agent() != null && domain.contains(caller.agent()));
            decision = same && dd.sameDomain() != null ? dd.sameDomain() : dd.decision();
            where = domain.name();
        }
        if (decision == Decision.ALLOW) {
            return AccessDecision.allow("default-allow:" + where);
        }
        return AccessDecision.deny("default-deny:" + where, "no grant lets " + caller.subject() + " " + action + " on " + target);
    }

    private static String describe(Grant.TimeWindow w) {
        return (w.days().isEmpty() ? "every day" : "on " + w.days().stream().sorted().toList()) + " from " + w.from() + " to " + w.to()
                + " " + w.zone();
    }

    /** Configures a {@link GrantPolicy}; not thread-safe. */
    public static final class Builder {
        private final Map<Domain, DomainDefault> defaults = new ConcurrentHashMap<>();
        private Decision fallback = Decision.ALLOW;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Sets what happens without a grant to targets in a domain (and below it, unless a deeper domain is configured). */
        public Builder defaultDecision(Domain domain, Decision decision) {
            return defaultDecision(domain, new DomainDefault(decision, null));
        }

        /** Sets a domain's default, with a separate one for callers of the domain itself. */
        public Builder defaultDecision(Domain domain, DomainDefault value) {
            defaults.put(Objects.requireNonNull(domain, "domain"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the default for targets outside every configured domain ({@code ALLOW} unless set). */
        public Builder fallback(Decision value) {
            this.fallback = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the clock time windows and rates are read from. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Returns the policy, with no grants yet. */
        public GrantPolicy build() {
            return new GrantPolicy(this);
        }
    }
}
