package dev.acf.ans.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.AnsService;
import dev.acf.ans.register.PendingRequest;
import dev.acf.ans.register.RegistrationRequest;
import dev.acf.ans.register.RegistrationResult;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.ans.resolve.SearchOptions;
import java.util.LinkedHashMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The routes of the ANS HTTP API (SPEC section 3.6), over {@link AnsService}. Stateless and
 * thread-safe; every failure is an exception the handler turns into the API-4 error body.
 */
final class AnsRoutes {
    private final AnsService service;
    private final Supplier<JsonNode> jwks;
    private final Supplier<String> baseUrl;
    private final Supplier<String> rotateKey;
    private final byte[] openApi;
    private final PermissionRoutes permissions;
    private final MonitorRoutes monitor;
    private final ConsoleRoutes console;
    private final GraphRoutes graph;

    AnsRoutes(AnsService service, Supplier<JsonNode> jwks, Supplier<String> rotateKey, Supplier<String> baseUrl) {
        this.service = Objects.requireNonNull(service, "service");
        this.jwks = Objects.requireNonNull(jwks, "jwks");
        this.rotateKey = Objects.requireNonNull(rotateKey, "rotateKey");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.openApi = resource("/dev/acf/ans/http/openapi.yaml");
        this.permissions = new PermissionRoutes(service);
        this.monitor = new MonitorRoutes(service);
        this.console = new ConsoleRoutes();
        this.graph = new GraphRoutes(service, monitor);
    }

    /** Answers one call. */
    HttpAnswer handle(HttpCall call) {
        List<String> s = call.segments();
        String m = call.method();
        if (s.size() == 2 && s.get(0).equals(".well-known") && s.get(1).equals("ans")) {
            return get(m, () -> wellKnown());
        }
        if (s.size() == 1 && s.get(0).equals("openapi.yaml")) {
            return get(m, () -> HttpAnswer.bytes(200, "application/yaml", openApi));
        }
        if (ConsoleRoutes.matches(s)) {
            return console.handle(call);
        }
        if (s.size() < 2 || !s.get(0).equals("v1")) {
            throw notFound(call);
        }
        return switch (s.get(1)) {
            case "agents" -> agents(call, s);
            case "ca" -> ca(call, s);
            case "admin" -> admin(call, s);
            case "resolve" -> resolve(call, s);
            case "permissions" -> permissions.handle(call, s);
            case "anomalies" -> monitor.anomalies(call, s);
            case "suspensions" -> monitor.suspensions(call, s);
            case "graph" -> graph.handle(call);
            default -> throw notFound(call);
        };
    }

    /** Returns the graph routes, whose stream the handler serves itself. */
    GraphRoutes graph() {
        return graph;
    }

    private HttpAnswer agents(HttpCall call, List<String> s) {
        if (s.size() == 2) {
            return method(call, "POST", () -> {
                RegistrationResult result = service.register(call.json(RegistrationRequest.class), call.bearer());
                return HttpAnswer.signedJson(result instanceof RegistrationResult.Pending ? 202 : 201, result);
            });
        }
        AgentName name = agentName(s.get(2));
        if (s.size() == 3) {
            if (call.method().equals("PATCH")) {
                return HttpAnswer.signedJson(200, Map.of("agent", service.update(name, call.signedRequest())));
            }
            if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                throw new MethodNotAllowed("GET, HEAD, PATCH");
            }
            return HttpAnswer.signedJson(200, Map.of("agent", service.require(name)));
        }
        if (s.size() == 4 && s.get(3).equals("trust")) {
            // The trust profile (ANS-MON-3): public, signed like every answer a client acts on.
            return get(call.method(), () -> HttpAnswer.signedJson(200, service.trust(name)));
        }
        if (s.size() == 4 && s.get(3).equals("renewal")) {
            return method(call, "POST", () -> HttpAnswer.signedJson(200, service.renew(name, call.signedRequest())));
        }
        if (s.size() == 4 && s.get(3).equals("revocation")) {
            return method(call, "POST", () -> {
                if (call.isSignedByAgent()) {
                    return HttpAnswer.signedJson(200, Map.of("agent", service.revokeAsAgent(name, call.signedRequest())));
                }
                RevocationBody body = call.json(RevocationBody.class);
                AgentRecord revoked = service.revokeAsAdmin(name, body.reason() == null ? RevocationReason.UNSPECIFIED : body.reason(),
                        call.bearer(), call.operator());
                return HttpAnswer.signedJson(200, Map.of("agent", revoked));
            });
        }
        throw notFound(call);
    }

    /**
     * Semantic resolution (ANS-RES-2..4): the answer echoes the query and mode, so a client can
     * tell a validly signed answer to its own question from a replayed answer to another one.
     */
    private HttpAnswer resolve(HttpCall call, List<String> s) {
        if (s.size() != 2) {
            throw notFound(call);
        }
        return method(call, "POST", () -> {
            // An agent that signs its query is resolved for: agents it may not discover are left out (ANS-SEC-1).
            AgentName caller = call.isSignedByAgent() ? PermissionRoutes.signer(call) : null;
            ResolveBody body = caller == null ? call.json(ResolveBody.class)
                    : service.authenticateAgent(caller, call.signedRequest(), ResolveBody.class);
            ResolveQuery query = body.toQuery();
            SearchOptions options = body.options(SearchOptions.defaults());
            boolean preferVerified = Boolean.TRUE.equals(body.preferVerified());
            List<ResolveResult> results = caller != null
                    ? service.resolve(query, options, CallerIdentity.ofAgent(caller, service.domain(), ClassificationLevel.INTERNAL),
                            preferVerified)
                    : administrator(call) ? service.resolve(query, options)
                    : service.resolve(query, options, CallerIdentity.anonymous(), preferVerified);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("query", query.text());
            answer.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
            answer.put("results", results);
            return HttpAnswer.signedJson(200, answer);
        });
    }

    /**
     * Whether an unsigned call comes from the administrator (the operator console): a bearer
     * token must be the admin token (401 otherwise); the administrator sees every agent.
     */
    private boolean administrator(HttpCall call) {
        String bearer = call.bearer();
        if (bearer == null) {
            return false;
        }
        service.authorizeAdmin(bearer);
        return true;
    }

    private HttpAnswer ca(HttpCall call, List<String> s) {
        if (s.size() == 3 && s.get(2).equals("chain")) {
            return get(call.method(), () -> HttpAnswer.text(200, "application/pem-certificate-chain",
                    IssuedCertificate.pem(service.ca().chain())));
        }
        if (s.size() == 3 && s.get(2).equals("crl")) {
            return get(call.method(), () -> HttpAnswer.bytes(200, "application/pkix-crl", service.ca().crl()));
        }
        if (s.size() == 4 && s.get(2).equals("status")) {
            BigInteger serial = serial(s.get(3));
            return get(call.method(), () -> HttpAnswer.signedJson(200, StatusBody.of(service.ca().status(serial))));
        }
        throw notFound(call);
    }

    private HttpAnswer admin(HttpCall call, List<String> s) {
        if (s.size() >= 3 && s.get(2).equals("suspensions")) {
            return monitor.admin(call, s);
        }
        if (s.size() == 3 && s.get(2).equals("requests")) {
            return get(call.method(), () -> {
                String status = call.query().getOrDefault("status", "PENDING").toUpperCase(Locale.ROOT);
                PendingRequest.Status wanted;
                try {
                    wanted = PendingRequest.Status.valueOf(status);
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("status must be PENDING, APPROVED or REJECTED, was '" + status + "'");
                }
                List<PendingRequest> registrations = service.requests(wanted, call.bearer());
                return HttpAnswer.json(200, Map.of("requests", registrations, "permissions", permissions.queue(wanted.name())));
            });
        }
        if (s.size() == 4 && s.get(2).equals("signing-key") && s.get(3).equals("rotation")) {
            return method(call, "POST", () -> {
                service.authorizeAdmin(call.bearer());
                // The old key stays in the JWKS for its retention period, so earlier answers still verify.
                return HttpAnswer.json(200, Map.of("keyId", rotateKey.get()));
            });
        }
        if (s.size() == 5 && s.get(2).equals("requests")) {
            String id = s.get(3);
            if (PermissionRoutes.isGrantId(id) && (s.get(4).equals("approval") || s.get(4).equals("rejection"))) {
                return method(call, "POST", () -> permissions.decide(call, id, s.get(4).equals("approval")));
            }
            return switch (s.get(4)) {
                case "approval" -> method(call, "POST", () -> HttpAnswer.signedJson(200, service.approve(id, call.bearer())));
                case "rejection" -> method(call, "POST", () -> {
                    RejectionBody body = call.body().length == 0 ? new RejectionBody(null) : call.json(RejectionBody.class);
                    return HttpAnswer.json(200, service.reject(id, body.reason() == null ? "rejected" : body.reason(), call.bearer()));
                });
                default -> throw notFound(call);
            };
        }
        throw notFound(call);
    }

    private HttpAnswer wellKnown() {
        JsonNode keys = jwks.get();
        return HttpAnswer.json(200, Map.of(
                "domain", service.domain().name(),
                "endpoints", Map.of("api", baseUrl.get(), "events", baseUrl.get() + "/v1/events", "crl", baseUrl.get() + "/v1/ca/crl"),
                "keys", keys.path("keys")));
    }

    /** The body of a revocation: an RFC 5280 reason name. */
    record RevocationBody(@Nullable RevocationReason reason) {}

    /** The body of a rejection. */
    record RejectionBody(@Nullable String reason) {}

    /** A certificate's status as the API shows it. */
    record StatusBody(String serial, String status, @Nullable String revokedAt, @Nullable RevocationReason reason) {
        static StatusBody of(CertificateStatus s) {
            return new StatusBody(s.serial().toString(16), s.state().name().toLowerCase(Locale.ROOT),
                    s.revokedAt() == null ? null : s.revokedAt().toString(), s.reason());
        }
    }

    static AgentName agentName(String segment) {
        return AgentName.parse(segment.contains("://") ? segment : AgentName.SCHEME + "://" + segment);
    }

    private static BigInteger serial(String text) {
        if (text.isEmpty() || text.length() > 64 || !text.matches("[0-9a-fA-F]+")) {
            throw new ValidationException("serial must be hexadecimal (at most 64 digits), was '" + text + "'");
        }
        return new BigInteger(text, 16);
    }

    private static HttpAnswer get(String method, Supplier<HttpAnswer> answer) {
        return methodIs(method, "GET", answer);
    }

    private static HttpAnswer method(HttpCall call, String expected, Supplier<HttpAnswer> answer) {
        return methodIs(call.method(), expected, answer);
    }

    private static HttpAnswer methodIs(String method, String expected, Supplier<HttpAnswer> answer) {
        if (method.equals(expected) || (expected.equals("GET") && method.equals("HEAD"))) {
            return answer.get();
        }
        throw new MethodNotAllowed(expected);
    }

    private static NotFoundException notFound(HttpCall call) {
        return new NotFoundException(ErrorCode.NOT_FOUND, "no such resource: " + call.method() + " /" + String.join("/", call.segments()));
    }

    private static byte[] resource(String path) {
        try (InputStream in = AnsRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A known path called with the wrong method: 405 with {@code Allow}. */
    static final class MethodNotAllowed extends dev.acf.api.error.AcfException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;
        private final String allowed;

        MethodNotAllowed(String allowed) {
            super(new ErrorCode("method_not_allowed", 405), "this resource answers " + allowed + " only");
            this.allowed = allowed;
        }

        String allowed() {
            return allowed;
        }
    }
}
