package dev.acf.ans.permission;

import dev.acf.ans.events.AgentEvents;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The grants of this ANS (ANS-SEC-1): requested by agents ({@code PENDING}) or created by
 * administrators ({@code ACTIVE}), approved or rejected through the admin queue (ANS-REG-4),
 * revoked by an administrator or the target's owner. Each change bumps the grant's version,
 * is written durably with the whole history, then feeds the in-process {@link GrantPolicy}
 * (discovery filtering) and the event stream (gateways reload) — validate, write, publish.
 * Who may do what is checked by {@link dev.acf.ans.AnsService}; this class keeps the rules
 * of the states. Thread-safe (changes are serialized).
 *
 * <pre>{@code
 * Grant g = permissions.create(request, "admin");          // ACTIVE at once
 * permissions.revoke(g.id(), "admin", "no longer needed");  // REVOKED, version 2
 * }</pre>
 */
public final class Permissions implements AutoCloseable {
    /** The prefix of grant ids, which tells them apart from registration requests in the admin queue. */
    public static final String ID_PREFIX = "perm-";
    private static final Pattern ID = Pattern.compile(Pattern.quote(ID_PREFIX) + "[a-f0-9]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GrantLog log;
    private final GrantPolicy policy;
    private final AgentEvents events;
    private final Clock clock;

    /** Opens (creating) the grants kept in a directory, and loads those in force into the policy. */
    public Permissions(Path directory, GrantPolicy policy, AgentEvents events, Clock clock) {
        this.log = new GrantLog(directory);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        policy.replace(current());
    }

    /** Returns the policy that evaluates the grants in force; it follows every change. */
    public GrantPolicy policy() {
        return policy;
    }

    /** Returns true when the id has the shape of a grant id (the admin queue routes by it). */
    public static boolean isGrantId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** Files an agent's request for a grant with itself as the caller: {@code PENDING}. */
    public synchronized Grant request(GrantRequest body, AgentName requester) {
        Grant.Caller caller = body.callerPattern();
        if (caller.name() == null || caller.domain() != null || caller.role() != null || caller.name().contains("*")
                || caller.name().contains("?") || !Grant.agentMatches(caller.name(), requester)) {
            throw new ValidationException("an agent may request grants only for itself as caller: {\"caller\": {\"name\": \""
                    + requester.withoutVersion() + "\"}}");
        }
        return write(newGrant(body, caller, Grant.Status.PENDING, requester.toString(), null));
    }

    /** Creates a grant in force at once, as an administrator. */
    public synchronized Grant create(GrantRequest body, String administrator) {
        return write(newGrant(body, body.callerPattern(), Grant.Status.ACTIVE, administrator, administrator));
    }

    /**
     * Approves a pending grant.
     *
     * @throws ConflictException when it is not pending
     */
    public synchronized Grant approve(String id, String approver) {
        Grant g = pending(id);
        return write(g.withStatus(Grant.Status.ACTIVE, approver, null, clock.instant()));
    }

    /** Rejects a pending grant. */
    public synchronized Grant reject(String id, String approver, String reason) {
        Grant g = pending(id);
        return write(g.withStatus(Grant.Status.REJECTED, approver, reason, clock.instant()));
    }

    /**
     * Revokes a pending or active grant; revoking a revoked grant changes nothing.
     *
     * @throws ConflictException when it was rejected
     */
    public synchronized Grant revoke(String id, String by, String reason) {
        Grant g = require(id);
        if (g.status() == Grant.Status.REVOKED) {
            return g;
        }
        if (g.status() == Grant.Status.REJECTED) {
            throw new ConflictException("grant " + id + " was rejected; there is nothing to revoke");
        }
        return write(new Grant(g.id(), g.version() + 1, g.caller(), g.target(), g.methods(), g.skills(), g.window(), g.ratePerMinute(),
                Grant.Status.REVOKED, g.requester(), g.approver(), by + ": " + reason, g.createdAt(), clock.instant()));
    }

    /** Returns the current version of a grant. */
    public synchronized Optional<Grant> find(String id) {
        List<Grant> versions = log.history().get(id);
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * Returns the current version of a grant or fails.
     *
     * @throws ValidationException when the id is malformed
     * @throws NotFoundException when there is no such grant
     */
    public Grant require(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("a grant id is '" + ID_PREFIX + "' and 16 hexadecimal digits, was '" + id + "'");
        }
        return find(id).orElseThrow(() -> new NotFoundException(ErrorCode.NOT_FOUND, "no grant " + id));
    }

    /** Returns every version of a grant, oldest first. */
    public synchronized List<Grant> history(String id) {
        require(id);
        return List.copyOf(log.history().get(id));
    }

    /**
     * Returns the current grants, oldest first, filtered: {@code caller} matches grants whose
     * caller name pattern covers that agent name (or equals the text), {@code target} those whose
     * target covers that agent name (or equals the text).
     */
    public synchronized List<Grant> list(@Nullable String caller, @Nullable String target, Grant.@Nullable Status status) {
        AgentName callerName = parsed(caller);
        AgentName targetName = parsed(target);
        List<Grant> out = new ArrayList<>();
        for (Grant g : current()) {
            if (status != null && g.status() != status) {
                continue;
            }
            if (caller != null && !matches(g.caller().name(), caller, callerName)) {
                continue;
            }
            if (target != null && !matches(g.target(), target, targetName)) {
                continue;
            }
            out.add(g);
        }
        return out;
    }

    private static boolean matches(@Nullable String pattern, String text, @Nullable AgentName name) {
        if (pattern == null) {
            return false;
        }
        return name != null ? Grant.agentMatches(pattern, name) : pattern.equalsIgnoreCase(text);
    }

    private static @Nullable AgentName parsed(@Nullable String text) {
        if (text == null || text.contains("*") || text.contains("?")) {
            return null;
        }
        try {
            return AgentName.parse(text.contains("://") ? text : AgentName.SCHEME + "://" + text);
        } catch (RuntimeException e) {
            throw new ValidationException("caller and target filters are ANS names or grant patterns, was '" + text + "'");
        }
    }

    private List<Grant> current() {
        List<Grant> out = new ArrayList<>();
        for (List<Grant> versions : log.history().values()) {
            out.add(versions.get(versions.size() - 1));
        }
        out.sort(Comparator.comparing(Grant::createdAt).thenComparing(Grant::id));
        return out;
    }

    private Grant pending(String id) {
        Grant g = require(id);
        if (g.status() != Grant.Status.PENDING) {
            throw new ConflictException("grant " + id + " is " + g.status() + ", not PENDING");
        }
        return g;
    }

    private Grant newGrant(GrantRequest body, Grant.Caller caller, Grant.Status status, String requester, @Nullable String approver) {
        var now = clock.instant();
        return new Grant(ID_PREFIX + HexFormat.of().formatHex(randomBytes()), 1, caller, body.targetPattern(),
                body.methods(), body.skills(), body.timeWindow(), body.ratePerMinute(), status, requester, approver, null, now, now);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private Grant write(Grant g) {
        log.append(g);
        policy.replace(current());
        events.publish(new AgentEvents.PermissionChange(g.id(), g.version(), g.status().name()));
        return g;
    }

    @Override
    public synchronized void close() {
        log.close();
    }
}
