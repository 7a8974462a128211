package dev.acf.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.testkit.SampleAgents;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardRewriterTest {
    static final String BASE = "https://gw.example.net/agents/ans%3A%2F%2Fv1.0.0.rca.ops.example.net";

    @Test
    void everyInternalUrlOfTheCardPointsAtTheGateway() {
        AgentRecord record = SampleAgents.record("ans://v1.0.0.rca.ops.example.net");
        String internal = record.endpoints().get(0).url().getHost();

        JsonNode card = CardRewriter.rewriteTree(record, BASE);

        assertThat(card.path("supportedInterfaces").get(0).path("url").asText()).isEqualTo(BASE);
        assertThat(card.toString()).doesNotContain(internal);
    }

    @Test
    void theCardCarriesTheV03FieldsPointingAtTheGatewayForV03Clients() {
        AgentRecord record = SampleAgents.record("ans://v1.0.0.rca.ops.example.net");

        JsonNode card = CardRewriter.rewriteTree(record, BASE);

        assertThat(card.path("url").asText()).isEqualTo(BASE);
        assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
        assertThat(card.path("protocolVersion").isTextual()).isTrue();
        card.path("additionalInterfaces").forEach(i -> assertThat(i.path("url").asText()).isEqualTo(BASE));
    }

    @Test
    void urlsAreMappedByEndpointPathAndOriginAndForeignOnesAreKept() {
        UrlRewriter urls = new UrlRewriter(List.of(Endpoint.of("http://10.0.4.7:9000/a2a", Endpoint.JSONRPC)), BASE);

        assertThat(urls.rewrite("http://10.0.4.7:9000/a2a/tasks/1?x=2")).isEqualTo(BASE + "/tasks/1?x=2");
        assertThat(urls.rewrite("http://10.0.4.7:9000/metrics")).isEqualTo(BASE);
        assertThat(urls.rewrite("/a2a/tasks/1")).isEqualTo(BASE + "/tasks/1");
        assertThat(urls.rewrite("/elsewhere")).isEqualTo(BASE);
        assertThat(urls.rewrite("https://example.net/docs")).isEqualTo("https://example.net/docs");
        assertThat(urls.rewrite("http://10.0.4.7:9001/a2a")).as("another port is another origin").isEqualTo("http://10.0.4.7:9001/a2a");
        assertThat(urls.rewrite("relative/path")).isEqualTo("relative/path");
    }

    @Test
    void upstreamResponseHeadersNamingTheUpstreamAreDropped() {
        UrlRewriter urls = new UrlRewriter(List.of(Endpoint.of("http://10.0.4.7:9000/a2a", Endpoint.JSONRPC)), BASE);
        HttpHeaders upstream = HttpHeaders.of("Server", "nginx/1.25").add("Via", "1.1 lb-3").add("X-Powered-By", "Express")
                .add("Connection", "close, x-internal-hop").add("X-Internal-Hop", "node-7").add("Keep-Alive", "timeout=5")
                .add("Location", "http://10.0.4.7:9000/a2a/tasks/9").add("Content-Type", "application/json");

        HttpHeaders out = HeaderRules.downstream(upstream, urls);

        assertThat(out.names()).containsExactlyInAnyOrder("location", "content-type");
        assertThat(out.first("location")).hasValue(BASE + "/tasks/9");
    }

    @Test
    void clientClaimsAboutIdentityAndNetworkPositionNeverReachTheAgent() {
        HttpHeaders client = HttpHeaders.of("ACF-Caller", "ans://v1.0.0.forged.ops.example.net").add("Forwarded", "for=1.2.3.4")
                .add("X-Real-IP", "1.2.3.4").add("Host", "gw").add("Connection", "keep-alive").add("Authorization", "Bearer t");

        HttpHeaders out = HeaderRules.upstream(client, "r-7", CallerIdentity.anonymous());

        assertThat(out.names()).containsExactlyInAnyOrder("authorization", "acf-request-id");
        assertThat(out.first("acf-request-id")).hasValue("r-7");
    }
}
