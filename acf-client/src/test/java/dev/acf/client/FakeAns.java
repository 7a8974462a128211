package dev.acf.client;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.sun.net.httpserver.HttpServer;
import dev.acf.client.jws.SignatureVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A malicious or misbehaving ANS at the edge of the unit tests: serves a JWKS and canned answers
 * to agent resolutions, signed, unsigned or altered as a test decides. Real HTTP on port 0.
 */
final class FakeAns implements AutoCloseable {
    /** One canned answer. */
    record Canned(int status, byte[] body, @Nullable String signature) {}

    /** A signing key and its kid. */
    record Key(String kid, KeyPair pair) {
        static Key generate(String kid) {
            return new Key(kid, KeyAlgorithm.EC_P256.generate());
        }

        ECKey jwk() {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE).build();
        }

        String sign(byte[] body, Instant at) throws Exception {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                    .type(new JOSEObjectType(SignatureVerifier.RESPONSE_TYPE)).customParam("iat", at.getEpochSecond()).build(),
                    new Payload(body));
            jws.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()));
            return jws.serialize(true);
        }
    }

    final AtomicInteger agentRequests = new AtomicInteger();
    final AtomicInteger jwksRequests = new AtomicInteger();
    private final HttpServer server;
    volatile List<Key> published;
    volatile Function<String, Canned> agents = path -> new Canned(500, new byte[0], null);

    FakeAns(Key key) throws IOException {
        this.published = List.of(key);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/ans", exchange -> {
            jwksRequests.incrementAndGet();
            String keys = new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.jwk()).toList()).toString(true);
            byte[] body = ("{\"domain\":\"ops.example.net\",\"keys\":" + keys.substring(keys.indexOf('['), keys.lastIndexOf(']') + 1) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/v1/agents/", exchange -> {
            agentRequests.incrementAndGet();
            Canned canned = agents.apply(exchange.getRequestURI().getRawPath());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (canned.signature() != null) {
                exchange.getResponseHeaders().add(SignatureVerifier.HEADER, canned.signature());
            }
            exchange.sendResponseHeaders(canned.status(), canned.body().length == 0 ? -1 : canned.body().length);
            exchange.getResponseBody().write(canned.body());
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
