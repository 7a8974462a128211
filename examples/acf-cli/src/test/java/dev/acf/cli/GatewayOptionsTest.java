package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.security.GrantPolicy;
import dev.acf.api.spi.ProviderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gateway launcher's bearer JWT, metrics, upstream HTTP/2, QoS, balancing, redaction and anomaly options, parsed as an operator gives them. */
class GatewayOptionsTest {
    @TempDir
    Path temp;

    private static GatewayCommand parse(String... args) {
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void aPublicKeyWithIssuerAndAudienceConfiguresBearerTokens() throws Exception {
        Path pem = temp.resolve("issuer.pem");
        byte[] der = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);

        GatewayCommand command = parse("--ans", "http://127.0.0.1:8400", "--plaintext-port", "0", "--jwt-public-key", pem.toString(),
                "--jwt-issuer", "https://login.example.net/", "--jwt-audience", "acf-gateway", "--metrics-port", "0", "--upstream-h2c");

        assertThat(command.bearerTokens()).isNotNull();
        assertThat(command.metricsPort).isZero();
        assertThat(command.upstreamH2c).isTrue();
    }

    @Test
    void theGrantReaderTokenComesFromTheNamedVariableAndDefaultPermissionNeedsIt() {
        GrantOptions following = parse("--ans", "http://a", "--grant-reader-token-env", "ACF_READER", "--default-permission", "ALLOW").grants;

        assertThat(following.token(Map.of("ACF_READER", " reader-token-0123456789\n")::get)).isEqualTo("reader-token-0123456789");
        assertThat(following.defaultDecision()).isEqualTo(GrantPolicy.Decision.ALLOW);
        assertThat(parse("--ans", "http://a", "--grant-reader-token-env", "ACF_READER").grants.defaultDecision())
                .isEqualTo(GrantPolicy.Decision.DENY);
        assertThatThrownBy(() -> following.token(Map.<String, String>of()::get)).hasMessageContaining("ACF_READER is not set");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--default-permission", "ALLOW").grants.token(Map.<String, String>of()::get))
                .hasMessageContaining("--default-permission needs --grant-reader-token-env");
        assertThat(parse("--ans", "http://a").grants.token(Map.<String, String>of()::get)).as("grants not followed").isNull();
    }

    @Test
    void reportGraphIsOffUnlessAsked() {
        assertThat(parse("--ans", "http://a", "--report-graph").reportGraph).isTrue();
        assertThat(parse("--ans", "http://a").reportGraph).isFalse();
    }

    @Test
    void bearerOptionsWithoutIssuerAudienceOrKeysAreRefused() {
        assertThatThrownBy(() -> parse("--ans", "http://a", "--jwt-jwks", "https://login.example.net/jwks.json").bearerTokens())
                .hasMessageContaining("--jwt-issuer");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--jwt-issuer", "x", "--jwt-audience", "y").bearerTokens())
                .hasMessageContaining("--jwt-jwks");
        assertThat(parse("--ans", "http://a").bearerTokens()).isNull();
    }

    @Test
    void qosOptionsBecomeTheGatewaysQosKeys() {
        GatewayCommand command = parse("--ans", "http://a", "--qos-rule", "CRITICAL caller=ans://*.noc.example.net",
                "--qos-rule", "BULK method=ListTasks", "--qos-limit", "BULK=8/16", "--qos-limit", "critical=32",
                "--qos-caller-rate", "100/s,200", "--qos-header-trusted", "ans://*.noc.example.net");

        java.util.Map<String, String> keys = command.qosConfig().properties();
        assertThat(keys).containsEntry("qos.rules", "CRITICAL caller=ans://*.noc.example.net;BULK method=ListTasks")
                .containsEntry("qos.bulk.maxConcurrent", "8").containsEntry("qos.bulk.maxQueue", "16")
                .containsEntry("qos.critical.maxConcurrent", "32").doesNotContainKey("qos.critical.maxQueue")
                .containsEntry("qos.callerRate", "100/s,200")
                .containsEntry("qos.headerTrustedCallers", "ans://*.noc.example.net");
        assertThat(parse("--ans", "http://a", "--no-qos").qosConfig().properties()).containsEntry("qos.enabled", "false");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--qos-limit", "8").qosConfig()).hasMessageContaining("--qos-limit");
    }

    @Test
    void balancerAndUpstreamOptionsBecomeProviderSettings() {
        GatewayCommand command = parse("--ans", "http://a", "--load-balancer", "round-robin", "--health-check-interval", "2s",
                "--health-check-path", "/.well-known/agent-card.json", "--max-requests-per-upstream", "200",
                "--retry-budget-percent", "10", "--set", "loadBalancer.consecutiveFailures=3");

        assertThat(command.providerSettings()).containsEntry("loadBalancer", "round-robin")
                .containsEntry("loadBalancer.healthCheckInterval", "2s")
                .containsEntry("loadBalancer.healthCheckPath", "/.well-known/agent-card.json")
                .containsEntry("upstream.maxRequests", "200")
                .containsEntry("upstream.retryBudgetPercent", "10")
                .containsEntry("loadBalancer.consecutiveFailures", "3");
        assertThat(parse("--ans", "http://a").providerSettings()).isEmpty();
    }

    @Test
    void redactionOptionsBecomeTheGatewaysRedactionKeys() {
        GatewayCommand command = parse("--ans", "http://a", "--clearance", "ans://*.noc.example.net=CONFIDENTIAL",
                "--clearance", "role:auditor=SECRET", "--redaction-level", "ipv4=INTERNAL");

        assertThat(command.redactionConfig().properties())
                .containsEntry("redaction.clearances", "ans://*.noc.example.net=CONFIDENTIAL,role:auditor=SECRET")
                .containsEntry("redaction.levels", "ipv4=INTERNAL").doesNotContainKey("redaction.enabled");
        assertThat(parse("--ans", "http://a", "--no-redaction").redactionConfig().properties()).containsEntry("redaction.enabled", "false");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--clearance", "x=TOPSECRET").redactionConfig()).hasMessageContaining("TOPSECRET");
    }

    @Test
    void anomalyOptionsBecomeTheGatewaysAnomalyKeys() {
        ProviderConfig none = ProviderConfig.of(Map.of());
        assertThat(parse("--ans", "http://a").anomalyConfig(none).properties()).isEmpty();
        assertThat(parse("--ans", "http://a", "--no-anomaly-detection").anomalyConfig(none).properties())
                .containsEntry("anomaly.enabled", "false");

        assertThat(parse("--ans", "http://a", "--suspend-on", "denied-edges=5").anomalyConfig(none).properties())
                .containsEntry("anomaly.suspend.deniedEdges", "5").containsEntry("anomaly.suspend.burstFactor", "0");
        assertThat(parse("--ans", "http://a", "--suspend-on", "burst=6/20", "--suspend-on", "denied-edges=3").anomalyConfig(none).properties())
                .containsEntry("anomaly.suspend.burstFactor", "6").containsEntry("anomaly.suspend.burstRequests", "20")
                .containsEntry("anomaly.suspend.deniedEdges", "3");
        assertThat(parse("--ans", "http://a", "--suspend-on", "none").anomalyConfig(none).properties())
                .containsEntry("anomaly.suspend.burstFactor", "0").containsEntry("anomaly.suspend.deniedEdges", "0");
        GatewayCommand tuned = parse("--ans", "http://a", "--suspend-on", "burst", "--set", "anomaly.suspend.burstFactor=8");
        assertThat(tuned.anomalyConfig(ProviderConfig.of(tuned.providerSettings())).properties())
                .containsEntry("anomaly.suspend.burstFactor", "8").containsEntry("anomaly.suspend.deniedEdges", "0");

        assertThatThrownBy(() -> parse("--ans", "http://a", "--suspend-on", "new-target").anomalyConfig(none))
                .hasMessageContaining("new-target");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--suspend-on", "denied-edges").anomalyConfig(none))
                .hasMessageContaining("denied-edges=5");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--suspend-on", "burst=1").anomalyConfig(none))
                .hasMessageContaining("burstFactor");
        assertThatThrownBy(() -> parse("--ans", "http://a", "--suspend-on", "none", "--suspend-on", "burst").anomalyConfig(none))
                .hasMessageContaining("alone");
    }
}
