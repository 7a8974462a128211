package dev.acf.gateway.qos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.gateway.QosClass;
import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.gateway.QosPolicyProvider;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.ExchangeAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RuleQosPolicyTest {
    static final AgentName NOC = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final AgentName REPORTS = AgentName.parse("ans://v2.1.0.weekly.reports.example.net");

    private static Exchange exchange(@Nullable AgentName caller, @Nullable AgentName target, @Nullable String method,
            @Nullable String priority) {
        HttpHeaders headers = priority == null ? HttpHeaders.empty() : HttpHeaders.of("X-ACF-Priority", priority);
        Map<String, Object> attributes = new HashMap<>();
        if (target != null) {
            attributes.put(ExchangeAttributes.TARGET, target);
        }
        if (method != null) {
            attributes.put(ExchangeAttributes.A2A_METHOD, method);
        }
        CallerIdentity who = caller == null ? CallerIdentity.anonymous()
                : CallerIdentity.ofAgent(caller, Domain.of("ops.example.net"), ClassificationLevel.PUBLIC);
        return new Exchange("r-1", new Exchange.Request("POST", "/agents/x", headers, Body.empty()), who, attributes);
    }

    private final RuleQosPolicy policy = RuleQosPolicy.builder()
            .rule(RuleQosPolicy.Rule.parse("CRITICAL caller=ans://*.noc.ops.example.net"))
            .rule(RuleQosPolicy.Rule.parse("BULK target=ans://*.reports.example.net"))
            .rule(RuleQosPolicy.Rule.parse("CRITICAL method=CancelTask"))
            .rule(RuleQosPolicy.Rule.parse("BULK method=tasks/* target=ans://*.ops.example.net"))
            .headerTrustedCallers(List.of("ans://*.noc.ops.example.net"))
            .build();

    @Test
    void theFirstMatchingRuleDecidesByCallerTargetAndMethod() {
        assertThat(policy.classify(exchange(NOC, REPORTS, "SendMessage", null))).isEqualTo(QosClass.CRITICAL);
        assertThat(policy.classify(exchange(null, REPORTS, "CancelTask", null))).isEqualTo(QosClass.BULK);
        assertThat(policy.classify(exchange(null, NOC, "CancelTask", null))).isEqualTo(QosClass.CRITICAL);
        assertThat(policy.classify(exchange(null, NOC, "tasks/list", null))).isEqualTo(QosClass.BULK);
        assertThat(policy.classify(exchange(null, REPORTS.withoutVersion(), null, null))).isEqualTo(QosClass.BULK);
        assertThat(policy.classify(exchange(null, NOC, "SendMessage", null))).isEqualTo(QosClass.STANDARD);
        assertThat(policy.classify(exchange(null, null, null, null))).isEqualTo(QosClass.STANDARD);
    }

    @Test
    void aHeaderMayLowerAClassButRaiseItOnlyForTrustedCallers() {
        AgentName other = AgentName.parse("ans://v1.0.0.crawler.ops.example.net");
        assertThat(policy.classify(exchange(other, NOC, "SendMessage", "bulk"))).isEqualTo(QosClass.BULK);
        assertThat(policy.classify(exchange(other, NOC, "SendMessage", "critical"))).isEqualTo(QosClass.STANDARD);
        assertThat(policy.classify(exchange(null, NOC, "SendMessage", "CRITICAL"))).isEqualTo(QosClass.STANDARD);
        assertThat(policy.classify(exchange(NOC, REPORTS, "SendMessage", "bulk"))).isEqualTo(QosClass.BULK);
        assertThat(policy.classify(exchange(NOC, NOC, "tasks/list", "critical"))).isEqualTo(QosClass.CRITICAL);
        assertThat(policy.classify(exchange(other, NOC, "SendMessage", "urgent!!"))).isEqualTo(QosClass.STANDARD);
    }

    @Test
    void theDiscoveredDefaultIsTheRulePolicyReadFromConfiguration() {
        ProviderConfig config = ProviderConfig.of(Map.of(
                RuleQosPolicyProvider.RULES, "CRITICAL method=CancelTask; bulk caller=ans://*.crawler.ops.example.net",
                RuleQosPolicyProvider.DEFAULT_CLASS, "bulk",
                RuleQosPolicyProvider.HEADER, ""));
        QosPolicy fromConfig = ExtensionLoader.<QosPolicy, QosPolicyProvider>resolve(null, QosPolicyProvider.class,
                getClass().getClassLoader(), null, config);

        assertThat(fromConfig).isInstanceOf(RuleQosPolicy.class);
        assertThat(fromConfig.classify(exchange(null, NOC, "CancelTask", null))).isEqualTo(QosClass.CRITICAL);
        assertThat(fromConfig.classify(exchange(null, NOC, "SendMessage", "critical"))).isEqualTo(QosClass.BULK);
        assertThatThrownBy(() -> RuleQosPolicy.Rule.parse("URGENT caller=x")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> RuleQosPolicy.Rule.parse("BULK who=x")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void globsMatchAnyRunOfCharactersCaseInsensitively() {
        assertThat(Glob.matches("ans://*.noc.*", "ANS://v1.0.0.noc.ops.example.net")).isTrue();
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(Glob.matches("a*b*c", "aXXbYY")).isFalse();
        assertThat(Glob.matches("CancelTask", "CancelTasks")).isFalse();
    }
}
