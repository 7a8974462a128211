package dev.acf.client;

import dev.acf.api.a2a.A2aJson;
import dev.acf.api.a2a.A2aVersion;
import dev.acf.api.a2a.JsonRpcRequest;
import dev.acf.api.a2a.JsonRpcResponse;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorBody;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.LimitExceededException;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.internal.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of A2A calls: one OkHttp client per peer check (the gateway's or an agent's ANS
 * name, verified in the certificate instead of the host name), built on a shared pool, with the
 * caller's identity as TLS client certificate. Unary calls run within the call timeout and are
 * retried, with backoff, only when the method is idempotent; OkHttp's own silent retry is off so a
 * message is never sent twice. Every failure becomes a typed {@link AcfException}. Thread-safe.
 */
final class A2aTransport implements AutoCloseable {
    static final MediaType JSON = MediaType.get("application/json");
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** How many peer checks keep their clients. */
    private static final int MAX_PEER_CHECKS = 256;

    /** The settings of agent calls. */
    record Settings(Duration connectTimeout, Duration callTimeout, Duration streamIdleTimeout, int maxAttempts,
            int maxReconnects, Backoff backoff) {}

    private final @Nullable AgentIdentity identity;
    private final Settings settings;
    private volatile @Nullable OkHttpClient base;
    /** The clients per peer check, least recently used first; they share one connection pool. */
    private final java.util.Map<String, OkHttpClient[]> clients = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, OkHttpClient[]> eldest) {
            return size() > MAX_PEER_CHECKS;
        }
    };

    A2aTransport(@Nullable AgentIdentity identity, Settings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /**
     * Returns a unary and a streaming client that accept only a peer whose certificate names an
     * agent passing {@code peer}; {@code expected} names that check and must identify it. The
     * clients are kept per check because OkHttp pools connections per address, and the address
     * includes the verifier: a new verifier per channel would mean a TLS handshake per call.
     */
    OkHttpClient[] clients(Predicate<AgentName> peer, String expected) {
        synchronized (clients) {
            OkHttpClient[] known = clients.get(expected);
            if (known != null) {
                return known;
            }
        }
        OkHttpClient.Builder b = base().newBuilder().hostnameVerifier(verifier(peer, expected));
        OkHttpClient[] made = {
            b.callTimeout(settings.callTimeout()).readTimeout(settings.callTimeout()).build(),
            b.callTimeout(Duration.ZERO).readTimeout(settings.streamIdleTimeout()).build()
        };
        synchronized (clients) {
            return clients.computeIfAbsent(expected, k -> made);
        }
    }

    private OkHttpClient base() {
        OkHttpClient b = base;
        if (b == null) {
            synchronized (this) {
                b = base;
                if (b == null) {
                    OkHttpClient.Builder builder = new OkHttpClient.Builder()
                            .connectTimeout(settings.connectTimeout())
                            .retryOnConnectionFailure(false)
                            .followRedirects(false)
                            .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
                    if (identity != null) {
                        SSLContext tls = identity.sslContext();
                        builder.sslSocketFactory(tls.getSocketFactory(), (X509TrustManager) identity.trustManagers()[0]);
                    }
                    b = builder.build();
                    base = b;
                }
            }
        }
        return b;
    }

    private static HostnameVerifier verifier(Predicate<AgentName> peer, String expected) {
        return (host, session) -> {
            try {
                Certificate[] chain = session.getPeerCertificates();
                AgentName name = chain.length > 0 && chain[0] instanceof X509Certificate leaf ? AgentIdentity.nameOf(leaf) : null;
                return name != null && peer.test(name);
            } catch (SSLPeerUnverifiedException | java.security.cert.CertificateParsingException e) {
                return false;
            }
        };
    }

    /** The JSON-RPC request body. */
    static RequestBody body(JsonRpcRequest request, A2aVersion version) {
        return RequestBody.create(A2aJson.write(request, version), JSON);
    }

    /** Builds a POST of a JSON-RPC request with the version header. */
    static Request.Builder post(HttpUrl url, JsonRpcRequest request, A2aVersion version, String accept) {
        return new Request.Builder().url(url).post(body(request, version))
                .header("Accept", accept)
                .header(A2aVersion.HEADER, version.headerValue());
    }

    /**
     * Runs a unary call and returns the JSON-RPC response (success or error), retrying an
     * idempotent one on connection failures and 502/503/504.
     */
    JsonRpcResponse unary(OkHttpClient http, Request request, boolean idempotent, String agent) {
        int attempts = idempotent ? settings.maxAttempts() : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return exchange(http, request, agent);
            } catch (UnavailableException e) {
                boolean retriable = !e.code().equals(ErrorCode.UPSTREAM_FAILED) || e.getCause() instanceof IOException;
                if (attempt >= attempts || !retriable) {
                    throw e;
                }
                pause(attempt - 1);
            }
        }
    }

    private JsonRpcResponse exchange(OkHttpClient http, Request request, String agent) {
        try (Response response = http.newCall(request).execute()) {
            byte[] body = read(response, agent);
            return answer(response.code(), response.header("Content-Type"), body, agent);
        } catch (IOException e) {
            throw failure(e, agent, request);
        }
    }

    /** Reads an HTTP answer as a JSON-RPC response, or raises what the status and error body say. */
    static JsonRpcResponse answer(int status, @Nullable String contentType, byte[] body, String agent) {
        if (status >= 200 && status < 300) {
            try {
                return A2aJson.read(body, JsonRpcResponse.class);
            } catch (AcfException e) {
                throw new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " answered something that is not "
                        + "a JSON-RPC response: " + e.getMessage());
            }
        }
        // An agent may answer a JSON-RPC error with an HTTP error status; the gateway answers API-4 bodies.
        try {
            JsonRpcResponse rpc = A2aJson.read(body, JsonRpcResponse.class);
            if (!rpc.isSuccess()) {
                return rpc;
            }
        } catch (AcfException notJsonRpc) {
            // not a JSON-RPC error: try the API-4 body
        }
        ErrorBody error = null;
        try {
            error = AcfJson.read(body, ErrorBody.class);
        } catch (AcfException notAnErrorBody) {
            // an HTTP failure without a body we know
        }
        if (error != null) {
            throw error.toException(status);
        }
        ErrorCode code = switch (status) {
            case 408, 504 -> ErrorCode.UPSTREAM_TIMEOUT;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.UPSTREAM_FAILED : ErrorCode.of("http_" + status, status);
        };
        String what = "agent " + agent + " answered HTTP " + status + (contentType == null ? "" : " (" + contentType.toLowerCase(Locale.ROOT) + ")");
        if (status >= 500) {
            throw new UnavailableException(code, what);
        }
        throw new ErrorBody(new ErrorBody.Error(code.id(), what, null)).toException(status);
    }

    static byte[] read(Response response, String agent) throws IOException {
        try (InputStream in = response.body().byteStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new LimitExceededException(ErrorCode.PAYLOAD_TOO_LARGE, "the answer of agent " + agent + " is larger than "
                        + MAX_BODY_BYTES + " bytes: refused");
            }
            return bytes;
        }
    }

    /** Turns an I/O failure into the typed exception: trust, timeout or unreachable. */
    static AcfException failure(IOException e, String agent, Request request) {
        if (e instanceof SSLPeerUnverifiedException) {
            return new TrustException(ErrorCode.BAD_SIGNATURE, "the TLS peer at " + request.url().host() + ":" + request.url().port()
                    + " is not " + agent + " (its certificate names another agent or none)", e);
        }
        if (e instanceof SSLException && refusedByTrust(e)) {
            return new TrustException(ErrorCode.UNAUTHENTICATED, "TLS with " + agent + " failed: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT, "agent " + agent + " did not answer in time", e);
        }
        return new UnavailableException(ErrorCode.UNAVAILABLE, "cannot reach agent " + agent + ": " + e.getMessage(), e);
    }

    /** A certificate was refused (here or by the peer's alert), as opposed to a connection that broke mid-handshake. */
    private static boolean refusedByTrust(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || String.valueOf(t.getMessage()).contains("alert")) {
                return true;
            }
        }
        return false;
    }

    /** Opens a call and returns its response, open; the caller closes it. */
    static Response open(OkHttpClient http, Request request, String agent) {
        Call call = http.newCall(request);
        try {
            return call.execute();
        } catch (IOException e) {
            throw failure(e, agent, request);
        }
    }

    void pause(int attempt) {
        try {
            Thread.sleep(settings.backoff().delay(attempt, ThreadLocalRandom.current()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        OkHttpClient b = base;
        if (b != null) {
            b.dispatcher().executorService().shutdown();
            b.connectionPool().evictAll();
        }
    }
}
