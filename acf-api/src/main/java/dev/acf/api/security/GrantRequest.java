package dev.acf.api.security;

import dev.acf.api.error.ValidationException;
import dev.acf.api.name.Domain;
import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/permissions} (ANS-SEC-1): what a grant should allow, as clients
 * send it. Every field is checked when the grant is made, so a bad value is a 400 naming it.
 *
 * <pre>{@code
 * {"caller": {"name": "ans://desk.ops.example.net"}, "target": "ans://*.repair.ops.example.net",
 *  "methods": ["SendMessage", "GetTask"], "window": {"days": ["MONDAY"], "from": "08:00", "to": "18:00", "zone": "Europe/Paris"},
 *  "ratePerMinute": 600}
 * }</pre>
 *
 * @param agent the requesting agent's versioned name, in an agent-signed request
 * @param caller who the grant is for
 * @param target the agent name or glob acted on
 * @param methods A2A method globs; empty or absent for all
 * @param skills skill id globs; empty or absent for all
 * @param window when calls are allowed; absent for always
 * @param ratePerMinute calls per minute per caller; absent for no limit
 */
public record GrantRequest(@Nullable String agent, @Nullable CallerBody caller, @Nullable String target, @Nullable List<String> methods,
        @Nullable List<String> skills, @Nullable WindowBody window, @Nullable Integer ratePerMinute) {

    /** The caller pattern as sent. */
    public record CallerBody(@Nullable String name, @Nullable String domain, @Nullable String role) {}

    /** The time window as sent: day names, {@code HH:mm} times, a zone id (UTC when absent). */
    public record WindowBody(@Nullable List<String> days, @Nullable String from, @Nullable String to, @Nullable String zone) {}

    /** A request for an agent-name caller pattern to call a target, limited to some A2A methods (none: all). */
    public static GrantRequest of(String callerName, String target, List<String> methods) {
        return new GrantRequest(null, new CallerBody(callerName, null, null), target, methods, null, null, null);
    }

    /** Returns this request naming the agent that signs it. */
    public GrantRequest signedBy(String agentName) {
        return new GrantRequest(agentName, caller, target, methods, skills, window, ratePerMinute);
    }

    /** Returns this request limited to some skill id globs (empty: every skill). */
    public GrantRequest forSkills(List<String> globs) {
        return new GrantRequest(agent, caller, target, methods, List.copyOf(globs), window, ratePerMinute);
    }

    /** Returns this request with a time window. */
    public GrantRequest within(WindowBody value) {
        return new GrantRequest(agent, caller, target, methods, skills, value, ratePerMinute);
    }

    /** Returns this request with a rate limit. */
    public GrantRequest atMost(int callsPerMinute) {
        return new GrantRequest(agent, caller, target, methods, skills, window, callsPerMinute);
    }

    /** Returns the validated caller pattern. */
    public Grant.Caller callerPattern() {
        if (caller == null) {
            throw new ValidationException("a permission request needs a caller: {\"caller\": {\"name\" | \"domain\" | \"role\": ...}}");
        }
        return new Grant.Caller(caller.name(), caller.domain() == null ? null : Domain.of(caller.domain()), caller.role());
    }

    /** Returns the validated target pattern. */
    public String targetPattern() {
        if (target == null || target.isBlank()) {
            throw new ValidationException("a permission request needs a target agent name or glob");
        }
        return target;
    }

    /** Returns the validated time window, or null. */
    public Grant.@Nullable TimeWindow timeWindow() {
        if (window == null) {
            return null;
        }
        if (window.from() == null || window.to() == null) {
            throw new ValidationException("a time window needs 'from' and 'to' times (HH:mm)");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : window.days() == null ? List.<String>of() : window.days()) {
            try {
                days.add(DayOfWeek.valueOf(day.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ValidationException("window.days must name days of the week (MONDAY...SUNDAY), was '" + day + "'");
            }
        }
        try {
            return new Grant.TimeWindow(days, LocalTime.parse(window.from()), LocalTime.parse(window.to()),
                    window.zone() == null ? ZoneId.of("UTC") : ZoneId.of(window.zone()));
        } catch (DateTimeException e) {
            throw new ValidationException("window times are HH:mm and the zone an id such as Europe/Paris: " + e.getMessage());
        }
    }
}
