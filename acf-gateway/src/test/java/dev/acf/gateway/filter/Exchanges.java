package dev.acf.gateway.filter;

import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.ExchangeAttributes;
import java.security.cert.X509Certificate;

/** Exchanges as the transport would start them. */
final class Exchanges {
    static final String SEND_MESSAGE = """
            {"jsonrpc":"2.0","id":7,"method":"SendMessage","params":{"message":{"messageId":"m-1","role":"ROLE_USER",
            "taskId":"task-42","contextId":"ctx-9","parts":[{"text":"why is the DSL down?"}]}}}""";

    private Exchanges() {}

    static Exchange post(String path, String json) {
        return Exchange.of("req-1", new Exchange.Request("POST", path, HttpHeaders.of("content-type", "application/json"), Body.of(json)));
    }

    static Exchange get(String path) {
        return Exchange.of("req-2", new Exchange.Request("GET", path, HttpHeaders.empty(), Body.empty()));
    }

    static Exchange withPeer(Exchange exchange, AgentIdentity identity) {
        return exchange.withAttribute(ExchangeAttributes.PEER_CERTIFICATES, identity.chain().toArray(new X509Certificate[0]));
    }

    static Exchange.Response ok(String json) {
        return new Exchange.Response(200, HttpHeaders.of("content-type", "application/json"), Body.of(json));
    }
}
