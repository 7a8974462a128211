package dev.acf.api.security;

import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A permission grant (ANS-SEC-1): callers matching {@link #caller} may discover the agents
 * matching {@link #target} and call the A2A methods and skills it lists, under its
 * conditions. Requested by an agent or created by an administrator, approved or rejected
 * through the admin queue (ANS-REG-4), versioned (every change bumps {@link #version}) and
 * revocable. Immutable and thread-safe.
 *
 * <p>Patterns are globs, case-insensitive: {@code *} matches any run of characters (dots
 * included), {@code ?} one character. An agent pattern is matched against the full name
 * ({@code ans://v1.0.0.rca.ops.example.net}) and the name without version
 * ({@code ans://rca.ops.example.net}); the {@code ans://} prefix is optional.
 *
 * <pre>{@code
 * Grant.Caller desk = new Grant.Caller("ans://desk.ops.example.net", null, null);
 * boolean covered = grant.covers(caller, AgentName.parse("ans://v1.0.0.rca.repair.ops.example.net"))
 *         && grant.allowsAction("call:SendMessage");
 * }</pre>
 *
 * @param id the grant's stable id; rule ids name it as {@code grant:<id>}
 * @param version 1 when created, bumped by every change
 * @param caller who the grant is for
 * @param target the agent name or glob acted on
 * @param methods A2A method globs that may be called; empty for every method
 * @param skills skill id globs that may be used; empty for every skill
 * @param window when calls are allowed; null for always
 * @param ratePerMinute the most calls per minute per caller, enforced by the gateway; null for no limit
 * @param status where the grant stands
 * @param requester who asked for it: an agent name or {@code admin}
 * @param approver who decided it; null while pending
 * @param reason why it was rejected or revoked
 * @param createdAt when it was requested
 * @param updatedAt when it last changed
 */
public record Grant(String id, long version, Caller caller, String target, List<String> methods, List<String> skills,
        @Nullable TimeWindow window, @Nullable Integer ratePerMinute, Status status, String requester, @Nullable String approver,
        @Nullable String reason, Instant createdAt, Instant updatedAt) {

    /** The largest number of globs in one list, and the longest glob. */
    static final int MAX_GLOBS = 64;
    static final int MAX_GLOB_LENGTH = 256;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

    /** Where a grant stands. */
    public enum Status {
        /** Requested, waiting for an administrator. */
        PENDING,
        /** In force. */
        ACTIVE,
        /** Refused by an administrator. */
        REJECTED,
        /** Withdrawn after having been in force (or before). */
        REVOKED
    }

    /**
     * Who a grant is for: every non-null part must match the caller.
     *
     * @param name an agent name glob, matched against the caller's certified name
     * @param domain the caller's domain, or a domain above it
     * @param role a role attribute the caller must hold
     */
    public record Caller(@Nullable String name, @Nullable Domain domain, @Nullable String role) {
        /** Requires at least one part and checks the glob. */
        public Caller {
            if (name == null && domain == null && role == null) {
                throw new ValidationException("a grant's caller needs a name pattern, a domain or a role");
            }
            if (name != null) {
                name = agentGlob(name, "caller.name");
            }
            if (role != null && (role.isBlank() || role.length() > MAX_GLOB_LENGTH)) {
                throw new ValidationException("caller.role must be 1 to " + MAX_GLOB_LENGTH + " characters");
            }
        }

        /** Returns true when the caller matches every part given. */
        public boolean matches(CallerIdentity identity) {
            if (name != null) {
                AgentName agent = identity.agent();
                if (agent == null || !agentMatches(name, agent)) {
                    return false;
                }
            }
            if (domain != null) {
                Domain d = identity.domain();
                boolean inDomain = (d != null && domain.contains(d)) || (identity.agent() != null && domain.contains(identity.agent()));
                if (!inDomain) {
                    return false;
                }
            }
            return role == null || identity.roles().contains(role);
        }
    }

    /**
     * When calls are allowed: on these days, between two local times of a zone. A window whose
     * end is before its start spans midnight.
     *
     * @param days the days of the week; empty for every day
     * @param from the local start time, inclusive
     * @param to the local end time, exclusive
     * @param zone the zone the times are in
     */
    public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
        /** Requires the times and zone; copies the days. */
        public TimeWindow {
            days = Set.copyOf(days);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(zone, "zone");
            if (from.equals(to)) {
                throw new ValidationException("a time window needs different start and end times, both were " + from);
            }
        }

        /** Returns true when the instant lies in the window. */
        public boolean contains(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            LocalTime t = local.toLocalTime();
            boolean inTime = from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
            // A window spanning midnight belongs, after midnight, to the day it started on.
            DayOfWeek day = from.isBefore(to) || !t.isBefore(from) ? local.getDayOfWeek() : local.getDayOfWeek().minus(1);
            return inTime && (days.isEmpty() || days.contains(day));
        }
    }

    /** Validates and copies. */
    public Grant {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("a grant id is 1 to 64 letters, digits or '-', was '" + id + "'");
        }
        if (version < 1) {
            throw new ValidationException("a grant's version starts at 1, was " + version);
        }
        Objects.requireNonNull(caller, "caller");
        target = agentGlob(Objects.requireNonNull(target, "target"), "target");
        methods = globs(methods, "methods");
        skills = globs(skills, "skills");
        if (ratePerMinute != null && ratePerMinute < 1) {
            throw new ValidationException("ratePerMinute must be positive, was " + ratePerMinute);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The rule id decisions by this grant carry: {@code grant:<id>}. */
    public String ruleId() {
        return "grant:" + id;
    }

    /** Returns true when the grant covers this caller and target (whatever the action). */
    public boolean covers(CallerIdentity identity, AgentName agent) {
        return caller.matches(identity) && agentMatches(target, agent);
    }

    /** Returns true when the grant allows the action on a covered target: discovery always, calls and skills as listed. */
    public boolean allowsAction(String action) {
        if (action.equals(PermissionPolicy.DISCOVER)) {
            return true;
        }
        if (action.startsWith("call:")) {
            return methods.isEmpty() || anyMatches(methods, action.substring(5));
        }
        if (action.startsWith("skill:")) {
            return skills.isEmpty() || anyMatches(skills, action.substring(6));
        }
        return false;
    }

    /** Returns this grant changed to a status by someone at an instant, its version bumped. */
    public Grant withStatus(Status next, @Nullable String by, @Nullable String why, Instant at) {
        return new Grant(id, version + 1, caller, target, methods, skills, window, ratePerMinute, next, requester,
                by == null ? approver : by, why == null ? reason : why, createdAt, at);
    }

    /** Returns true when the glob matches the agent by its full name or its name without version. */
    public static boolean agentMatches(String glob, AgentName agent) {
        return globMatches(glob, agent.toString()) || globMatches(glob, agent.withoutVersion().toString());
    }

    /** Returns true when a glob ({@code *}, {@code ?}) matches the text, ignoring case. */
    public static boolean globMatches(String glob, String text) {
        return matchFrom(glob.toLowerCase(Locale.ROOT), 0, text.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean matchFrom(String g, int gi, String t, int ti) {
        // Iterative wildcard matching with one backtrack point: linear enough for short globs, no regex injection.
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (gi < g.length() && (g.charAt(gi) == '?' || g.charAt(gi) == t.charAt(ti))) {
                gi++;
                ti++;
            } else if (gi < g.length() && g.charAt(gi) == '*') {
                star = gi++;
                mark = ti;
            } else if (star >= 0) {
                gi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (gi < g.length() && g.charAt(gi) == '*') {
            gi++;
        }
        return gi == g.length();
    }

    private static boolean anyMatches(List<String> globs, String value) {
        for (String glob : globs) {
            if (globMatches(glob, value)) {
                return true;
            }
        }
        return false;
    }

    private static String agentGlob(String glob, String field) {
        String g = glob.trim();
        if (g.isEmpty() || g.length() > MAX_GLOB_LENGTH) {
            throw new ValidationException(field + " must be 1 to " + MAX_GLOB_LENGTH + " characters");
        }
        if (!g.regionMatches(true, 0, AgentName.SCHEME + "://", 0, AgentName.SCHEME.length() + 3)) {
            g = AgentName.SCHEME + "://" + g;
        }
        if (!g.substring(AgentName.SCHEME.length() + 3).matches("[a-zA-Z0-9.*?-]+")) {
            throw new ValidationException(field + " must be an ANS name or a glob of one (letters, digits, '.', '-', '*', '?'), was '" + glob + "'");
        }
        return g.toLowerCase(Locale.ROOT);
    }

    private static List<String> globs(@Nullable List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_GLOBS) {
            throw new ValidationException(field + " lists at most " + MAX_GLOBS + " patterns, had " + values.size());
        }
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > MAX_GLOB_LENGTH) {
                throw new ValidationException(field + " entries must be 1 to " + MAX_GLOB_LENGTH + " characters");
            }
        }
        return List.copyOf(values);
    }
}
