package dev.acf.gateway.qos;

import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.gateway.QosPolicyProvider;
import dev.acf.api.spi.ProviderConfig;
import java.util.Arrays;

/**
 * Provides the {@link RuleQosPolicy} under the name {@value #NAME}, priority 0 (a discovered
 * policy with a higher priority replaces it). Settings:
 * <ul>
 *   <li>{@value #RULES}: rules separated by {@code ;}, each {@code CLASS [caller=GLOB] [target=GLOB] [method=GLOB]},
 *       such as {@code CRITICAL caller=ans://*.noc.example.net; BULK method=ListTasks};</li>
 *   <li>{@value #DEFAULT_CLASS}: the class of requests no rule matches, default {@code STANDARD};</li>
 *   <li>{@value #HEADER}: the priority header, default {@value RuleQosPolicy#DEFAULT_HEADER}, empty for none;</li>
 *   <li>{@value #HEADER_TRUSTED}: comma-separated globs of callers whose header may raise their class.</li>
 * </ul>
 */
public final class RuleQosPolicyProvider implements QosPolicyProvider {
    /** The provider's name. */
    public static final String NAME = "rules";
    /** The configuration key of the rules. */
    public static final String RULES = "qos.rules";
    /** The configuration key of the default class. */
    public static final String DEFAULT_CLASS = "qos.defaultClass";
    /** The configuration key of the priority header. */
    public static final String HEADER = "qos.header";
    /** The configuration key of the callers trusted to raise their class by header. */
    public static final String HEADER_TRUSTED = "qos.headerTrustedCallers";

    /** For {@link java.util.ServiceLoader}. */
    public RuleQosPolicyProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QosPolicy create(ProviderConfig config) {
        RuleQosPolicy.Builder b = RuleQosPolicy.builder();
        config.get(RULES).ifPresent(rules -> Arrays.stream(rules.split(";")).map(String::trim).filter(r -> !r.isEmpty())
                .forEach(r -> b.rule(RuleQosPolicy.Rule.parse(r))));
        config.get(DEFAULT_CLASS).ifPresent(c -> b.defaultClass(RuleQosPolicy.Rule.parse(c).qosClass()));
        config.get(HEADER).ifPresent(b::header);
        config.get(HEADER_TRUSTED).ifPresent(t -> b.headerTrustedCallers(Arrays.stream(t.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        return b.build();
    }
}
