package dev.acf.gateway.hierarchy;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code acf-forwarded-caller} header: a {@link CallerIdentity} as
 * {@code subject=...;agent=...;domain=...;clearance=...;roles=...}, each value URL-encoded (roles
 * comma-separated before encoding), absent parts left out. Stateless.
 */
final class ForwardedCaller {
    private static final int MAX_LENGTH = 4096;

    private ForwardedCaller() {}

    static String encode(CallerIdentity caller) {
        StringBuilder out = new StringBuilder("subject=").append(enc(caller.subject()));
        if (caller.agent() != null) {
            out.append(";agent=").append(enc(caller.agent().toString()));
        }
        if (caller.domain() != null) {
            out.append(";domain=").append(enc(caller.domain().name()));
        }
        out.append(";clearance=").append(caller.clearance().name());
        if (!caller.roles().isEmpty()) {
            out.append(";roles=").append(enc(String.join(",", new TreeSet<>(caller.roles()))));
        }
        return out.toString();
    }

    /** @throws ValidationException (400 {@code invalid_request}) naming what is wrong */
    static CallerIdentity decode(String header) {
        if (header.length() > MAX_LENGTH) {
            throw new ValidationException(ErrorCode.INVALID_REQUEST, "acf-forwarded-caller is longer than " + MAX_LENGTH + " characters");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new ValidationException(ErrorCode.INVALID_REQUEST, "acf-forwarded-caller has a part without key=value");
            }
            parts.put(part.substring(0, eq).trim(), dec(part.substring(eq + 1).trim()));
        }
        String subject = parts.get("subject");
        if (subject == null || subject.isBlank()) {
            throw new ValidationException(ErrorCode.INVALID_REQUEST, "acf-forwarded-caller names no subject");
        }
        try {
            String agent = parts.get("agent");
            String domain = parts.get("domain");
            String clearance = parts.get("clearance");
            String roles = parts.get("roles");
            Set<String> roleSet = roles == null || roles.isEmpty() ? Set.of()
                    : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
            return new CallerIdentity(subject, agent == null ? null : AgentName.parse(agent), domain == null ? null : Domain.of(domain),
                    roleSet, clearance == null ? ClassificationLevel.PUBLIC : ClassificationLevel.parse(clearance));
        } catch (IllegalArgumentException | AcfException e) {
            throw new ValidationException(ErrorCode.INVALID_REQUEST, "acf-forwarded-caller is malformed: " + e.getMessage());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(@Nullable String s) {
        try {
            return s == null ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(ErrorCode.INVALID_REQUEST, "acf-forwarded-caller is not validly URL-encoded");
        }
    }
}
