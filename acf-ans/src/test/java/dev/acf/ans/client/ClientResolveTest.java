package dev.acf.ans.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.ans.AnsServer;
import dev.acf.ans.TelecomAgents;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.resolve.MiniLmEmbedder;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.ResolveOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's semantic resolution against a real ANS: verified answers, filters, tampering and replays refused. */
class ClientResolveTest {
    static final String TOKEN = "fleet-bootstrap-token-0001";
    static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

    @TempDir
    Path data;

    private AnsServer ans;
    private AcfClient client;

    @BeforeEach
    void start() {
        ans = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .embedder(EMBEDDER)
                .build()
                .start();
        client = AcfClient.builder().ans(ans.baseUri()).build();
        for (AgentName name : List.of(TelecomAgents.BROADBAND, TelecomAgents.WIRELESS, TelecomAgents.BILLING, TelecomAgents.INSTALLATION)) {
            client.register(AgentIdentity.generate(name), TelecomAgents.card(name), TelecomAgents.endpoints(name), TOKEN);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        ans.close();
    }

    @Test
    void draftIntentResolvesToTheBroadbandAndWirelessAgentsWithVerifiedRecords() {
        List<ResolveResult> top = client.resolve(TelecomAgents.DRAFT_INTENT, ResolveOptions.defaults().limit(3));

        assertThat(top).hasSizeLessThanOrEqualTo(3).extracting(ResolveResult::name).contains(TelecomAgents.BROADBAND, TelecomAgents.WIRELESS);
        assertThat(top).allSatisfy(r -> {
            assertThat(r.score()).isBetween(0.0, 1.0);
            assertThat(r.agent().certificate()).startsWith("-----BEGIN CERTIFICATE-----");
        });
        assertThat(top).filteredOn(r -> r.name().equals(TelecomAgents.WIRELESS)).singleElement()
                .satisfies(r -> assertThat(r.skill()).isEqualTo("coverage-optimize"));
    }

    @Test
    void optionsTravelToTheAns() {
        String intent = "broadband at home, mobile coverage and my bill";
        ResolveFilters httpJson = new ResolveFilters(Set.of(), Set.of(Endpoint.HTTP_JSON), Set.of(), null, null, Set.of());
        ResolveFilters access = new ResolveFilters(Set.of(Domain.of("access.ops.example.net")), Set.of(), Set.of(), null, null, Set.of());

        assertThat(client.resolve(intent, ResolveOptions.defaults().filters(httpJson))).extracting(ResolveResult::name)
                .containsExactly(TelecomAgents.BILLING);
        assertThat(client.resolve(intent, ResolveOptions.defaults().filters(access).mode(ResolveOptions.Mode.LEXICAL)))
                .extracting(ResolveResult::name).containsExactlyInAnyOrder(TelecomAgents.BROADBAND, TelecomAgents.INSTALLATION);
        assertThat(client.resolve(intent, ResolveOptions.defaults().limit(1))).hasSize(1);
        assertThatThrownBy(() -> client.resolve(" ", ResolveOptions.defaults())).isInstanceOf(ValidationException.class);
    }

    @Test
    void oneByteChangedInASignedResolveAnswerMakesTheClientRefuseIt() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy(ans.baseUri());
                AcfClient victim = AcfClient.builder().ans(proxy.uri()).build()) {
            assertThat(victim.resolve("unstable broadband at home", ResolveOptions.defaults())).isNotEmpty();

            proxy.armed = true;

            assertThatThrownBy(() -> victim.resolve("unstable broadband at home", ResolveOptions.defaults()))
                    .isInstanceOf(TrustException.class)
                    .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
            assertThat(proxy.tampered).hasValue(1);
        }
    }

    @Test
    void validlySignedAnswerToAnotherIntentIsRefused() throws Exception {
        try (TamperingProxy proxy = new TamperingProxy(ans.baseUri());
                AcfClient victim = AcfClient.builder().ans(proxy.uri()).build()) {
            proxy.rewriteQuery = "explain my invoice";

            assertThatThrownBy(() -> victim.resolve("unstable broadband at home", ResolveOptions.defaults()))
                    .isInstanceOf(TrustException.class)
                    .hasMessageContaining("explain my invoice");
        }
    }
}
