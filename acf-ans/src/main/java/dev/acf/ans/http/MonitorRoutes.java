package dev.acf.ans.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.AnsService;
import dev.acf.ans.ca.Pem;
import dev.acf.ans.monitor.Monitor;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.error.AuthenticationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.PermissionDeniedException;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.name.AgentName;
import dev.acf.client.jws.RequestVerifier;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring routes of the ANS API (ANS-MON-2), beside {@link AnsRoutes}:
 * <pre>
 *   POST   /v1/anomalies                    a gateway's report (signed by the gateway, or the admin token)
 *   GET    /v1/anomalies?since=&amp;caller=&amp;limit=   recent anomalies (admin)
 *   GET    /v1/suspensions?after=&amp;wait=       the suspensions in force, long poll (signed; what gateways follow)
 *   GET    /v1/admin/suspensions            the suspensions in force (admin)
 *   POST   /v1/admin/suspensions            suspend a caller by hand (admin)
 *   DELETE /v1/admin/suspensions/{caller}   lift a suspension (admin); also POST .../{caller}/lift
 * </pre>
 * A report is either JSON with the administrator's bearer token, or a JWS
 * ({@code application/jose}) bound to the method and path, signed with the current key of an
 * active agent of this domain whose agent label begins with {@code gateway}; its payload
 * names the signer as {@code reporter}. Thread-safe.
 */
final class MonitorRoutes {
    /** The most anomalies one report may carry. */
    static final int MAX_REPORT = 500;
    /** The most anomalies one listing returns. */
    static final int MAX_LIST = 1000;

    private final AnsService service;
    private final RequestVerifier verifier;
    private final Clock clock;

    MonitorRoutes(AnsService service) {
        this.service = Objects.requireNonNull(service, "service");
        Clock clock = service.monitor().clock();
        this.verifier = RequestVerifier.builder().clock(clock).build();
        this.clock = clock;
    }

    private Monitor monitor() {
        return service.monitor();
    }

    HttpAnswer anomalies(HttpCall call, List<String> s) {
        if (s.size() != 2) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: /" + String.join("/", s));
        }
        if (call.method().equals("POST")) {
            return report(call);
        }
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            throw new AnsRoutes.MethodNotAllowed("GET, POST");
        }
        service.authorizeAdmin(call.bearer());
        Instant since = instant(call.query().get("since"));
        int limit = limit(call.query().get("limit"));
        String caller = call.query().get("caller");
        return HttpAnswer.json(200, Map.of("anomalies", monitor().anomalies(since, caller, limit)));
    }

    HttpAnswer suspensions(HttpCall call, List<String> s) {
        if (s.size() != 2) {
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: /" + String.join("/", s));
        }
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            throw new AnsRoutes.MethodNotAllowed("GET");
        }
        long after = number(call.query().get("after"), "after", -1);
        long waitMillis = Math.min(number(call.query().get("wait"), "wait", 0), Monitor.MAX_WAIT.toMillis());
        return HttpAnswer.signedJson(200, after < 0 ? monitor().suspensions() : monitor().suspensions(after, Duration.ofMillis(waitMillis)));
    }

    /** {@code /v1/admin/suspensions[/{caller}[/lift]]}. */
    HttpAnswer admin(HttpCall call, List<String> s) {
        if (s.size() == 3) {
            if (call.method().equals("POST")) {
                service.authorizeAdmin(call.bearer());
                SuspendBody body = call.json(SuspendBody.class);
                String caller = caller(body.caller());
                String reason = body.reason() == null || body.reason().isBlank() ? "suspended by an administrator" : body.reason();
                if (reason.length() > AnomalyEvent.MAX_DETAIL) {
                    throw new ValidationException("reason is longer than " + AnomalyEvent.MAX_DETAIL + " characters");
                }
                Suspension made = monitor().suspend(new Suspension(caller, Suspension.ADMIN_RULE, reason, clock.instant(), call.operator(), null));
                return HttpAnswer.json(201, Map.of("suspension", made));
            }
            if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                throw new AnsRoutes.MethodNotAllowed("GET, POST");
            }
            service.authorizeAdmin(call.bearer());
            return HttpAnswer.json(200, monitor().suspensions());
        }
        boolean delete = s.size() == 4 && call.method().equals("DELETE");
        boolean post = s.size() == 5 && s.get(4).equals("lift") && call.method().equals("POST");
        if (!delete && !post) {
            if (s.size() == 4 || (s.size() == 5 && s.get(4).equals("lift"))) {
                throw new AnsRoutes.MethodNotAllowed(s.size() == 4 ? "DELETE" : "POST");
            }
            throw new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: /" + String.join("/", s));
        }
        service.authorizeAdmin(call.bearer());
        String caller = caller(s.get(3));
        Suspension lifted = monitor().lift(caller, call.operator())
                .orElseThrow(() -> new NotFoundException(ErrorCode.NOT_FOUND, caller + " is not suspended"));
        return HttpAnswer.json(200, Map.of("lifted", lifted));
    }

    /**
     * A gateway's report, authenticated: the JSON and who sent it.
     *
     * @param json the report's JSON (a signed report's verified payload)
     * @param reporter the signing gateway's ANS name, or {@code admin}
     */
    record Report(byte[] json, String reporter) {}

    /**
     * Authenticates a report: a JWS signed by a gateway of this domain (see the class comment),
     * or JSON with the administrator token. Also what the graph's event pushes go through.
     */
    Report authenticated(HttpCall call) {
        if (call.isSignedByAgent()) {
            String jws = new String(call.body(), StandardCharsets.US_ASCII).trim();
            AgentName signer = reporterOf(jws);
            return new Report(verifier.verify(jws, certificateOf(signer), call.method(), call.rawPath()), signer.toString());
        }
        service.authorizeAdmin(call.bearer());
        return new Report(call.body(), "admin");
    }

    private HttpAnswer report(HttpCall call) {
        Report authenticated = authenticated(call);
        byte[] json = authenticated.json();
        String reporter = authenticated.reporter();
        if (json.length == 0) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, "the report needs a JSON body {\"anomalies\": [...]}");
        }
        JsonNode root = AcfJson.readTree(json);
        JsonNode list = root.path("anomalies");
        if (!list.isArray()) {
            throw new ValidationException(ErrorCode.MALFORMED_JSON, "the report needs an \"anomalies\" array");
        }
        if (list.size() > MAX_REPORT) {
            throw new ValidationException("a report carries at most " + MAX_REPORT + " anomalies, this one " + list.size());
        }
        List<AnomalyEvent> anomalies = new ArrayList<>();
        for (JsonNode node : list) {
            AnomalyEvent e = AcfJson.read(AcfJson.writeBytes(node), AnomalyEvent.class);
            if (e == null) {
                throw new ValidationException(ErrorCode.MALFORMED_JSON, "an anomaly must be a JSON object");
            }
            anomalies.add(e);
        }
        monitor().report(anomalies, reporter);
        return HttpAnswer.signedJson(202, Map.of("accepted", anomalies.size()));
    }

    /** Reads the reporter named in the payload; trusted only once the signature verifies with its certificate. */
    private AgentName reporterOf(String jws) {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new TrustException("the report is not a compact JWS");
        }
        String name;
        try {
            name = AcfJson.readTree(Base64.getUrlDecoder().decode(parts[1])).path("reporter").asText("");
        } catch (IllegalArgumentException e) {
            throw new TrustException("the report's JWS payload is not base64url");
        }
        if (name.isEmpty()) {
            throw new ValidationException("a signed report names its signer: \"reporter\": \"ans://...\"");
        }
        AgentName reporter = AgentName.parse(name);
        if (!reporter.hasVersion() || !reporter.isWithin(service.domain()) || !reporter.agentLabel().startsWith("gateway")) {
            throw new PermissionDeniedException("only the gateways of " + service.domain().name()
                    + " (versioned names whose agent label begins with 'gateway') report anomalies, not " + reporter);
        }
        return reporter;
    }

    private X509Certificate certificateOf(AgentName reporter) {
        AgentRecord record = service.resolve(reporter)
                .orElseThrow(() -> new AuthenticationException("no active agent " + reporter + " to verify the report with"));
        String pem = record.certificate();
        if (pem == null) {
            throw new AuthenticationException(reporter + " has no certificate");
        }
        X509Certificate certificate = Pem.parseCertificates(pem).get(0);
        if (service.ca().status(certificate.getSerialNumber()).state() == CertificateStatus.State.REVOKED) {
            throw new TrustException(ErrorCode.CERTIFICATE_REVOKED, "the certificate of " + reporter + " was revoked");
        }
        return certificate;
    }

    /** A caller: an ANS name (validated) or another subject of printable characters. */
    static String caller(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException("\"caller\" is required");
        }
        String caller = text.trim();
        if (caller.length() > AnomalyEvent.MAX_NAME) {
            throw new ValidationException("caller is longer than " + AnomalyEvent.MAX_NAME + " characters");
        }
        if (caller.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new ValidationException("caller must not contain spaces or control characters");
        }
        return caller.contains("://") ? AgentName.parse(caller).toString() : caller;
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ValidationException("since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, was '" + text + "'");
        }
    }

    private static int limit(@Nullable String text) {
        long value = number(text, "limit", 100);
        if (value < 1 || value > MAX_LIST) {
            throw new ValidationException("limit must be 1-" + MAX_LIST + ", was " + value);
        }
        return (int) value;
    }

    private static long number(@Nullable String text, String name, long absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ValidationException(name + " must be a non-negative number, was '" + text + "'");
        }
    }

    /** The body of a manual suspension. */
    record SuspendBody(@Nullable String caller, @Nullable String reason) {}
}
