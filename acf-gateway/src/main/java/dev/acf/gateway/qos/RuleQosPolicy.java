package dev.acf.gateway.qos;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.QosClass;
import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.ExchangeAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link QosPolicy}: ordered rules, the first whose every given criterion matches
 * decides the class (else the default class, STANDARD); then a priority header may change it.
 * The header ({@value #DEFAULT_HEADER} by default, values {@code critical}, {@code standard},
 * {@code bulk}) may always lower a request's class, but raise it only for callers matching
 * {@link Builder#headerTrustedCallers}: no caller promotes itself to CRITICAL unless configured.
 * Thread-safe and allocation-free unless a target rule needs the target's name.
 *
 * <pre>{@code
 * QosPolicy policy = RuleQosPolicy.builder()
 *         .rule(new RuleQosPolicy.Rule(QosClass.CRITICAL, "ans://*.noc.example.net", null, null))
 *         .rule(new RuleQosPolicy.Rule(QosClass.BULK, null, "ans://*.reports.example.net", null))
 *         .rule(new RuleQosPolicy.Rule(QosClass.CRITICAL, null, null, "CancelTask"))
 *         .build();
 * }</pre>
 */
public final class RuleQosPolicy implements QosPolicy {
    /** The priority header honoured by default. */
    public static final String DEFAULT_HEADER = "x-acf-priority";

    private final Rule[] rules;
    private final QosClass defaultClass;
    private final @Nullable String header;
    private final String[] trusted;

    private RuleQosPolicy(Builder b) {
        this.rules = b.rules.toArray(new Rule[0]);
        this.defaultClass = b.defaultClass;
        this.header = b.header;
        this.trusted = b.trusted.toArray(new String[0]);
    }

    /** Returns a builder: no rules, STANDARD by default, the {@value #DEFAULT_HEADER} header for lowering only. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One rule: the class of requests matching every criterion given (a null criterion matches
     * anything). Globs use {@code *} for any run of characters, case-insensitively.
     *
     * @param qosClass the class the rule assigns
     * @param caller a glob over the caller's subject (its ANS name, or a token's {@code sub}), or null
     * @param target a glob over the addressed agent's version-less ANS name, such as {@code ans://*.reports.example.net}, or null
     * @param method a glob over the A2A JSON-RPC method, such as {@code CancelTask} or {@code tasks/*}, or null
     */
    public record Rule(QosClass qosClass, @Nullable String caller, @Nullable String target, @Nullable String method) {
        /** Requires a class. */
        public Rule {
            Objects.requireNonNull(qosClass, "qosClass");
        }

        /**
         * Parses {@code CLASS [caller=GLOB] [target=GLOB] [method=GLOB]}, such as
         * {@code CRITICAL caller=ans://*.noc.example.net method=CancelTask}.
         *
         * @throws ConfigurationException when the text is not of that form
         */
        public static Rule parse(String text) {
            String[] parts = text.trim().split("\\s+");
            try {
                QosClass c = QosClass.valueOf(parts[0].toUpperCase(Locale.ROOT));
                String caller = null;
                String target = null;
                String method = null;
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    String key = eq < 0 ? "" : parts[i].substring(0, eq);
                    String value = parts[i].substring(eq + 1);
                    switch (key) {
                        case "caller" -> caller = value;
                        case "target" -> target = value;
                        case "method" -> method = value;
                        default -> throw new IllegalArgumentException(parts[i]);
                    }
                }
                return new Rule(c, caller, target, method);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("a QoS rule must look like 'CRITICAL caller=GLOB target=GLOB method=GLOB', was '"
                        + text + "'");
            }
        }

        boolean matches(Exchange exchange) {
            if (caller != null && !Glob.matches(caller, exchange.caller().subject())) {
                return false;
            }
            if (method != null) {
                String m = exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).orElse(null);
                if (m == null || !Glob.matches(method, m)) {
                    return false;
                }
            }
            if (target != null) {
                AgentName t = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class).orElse(null);
                return t != null && Glob.matches(target, t.withoutVersion().toString());
            }
            return true;
        }
    }

    @Override
    public QosClass classify(Exchange exchange) {
        QosClass assigned = defaultClass;
        for (Rule rule : rules) {
            if (rule.matches(exchange)) {
                assigned = rule.qosClass();
                break;
            }
        }
        String h = header;
        if (h == null) {
            return assigned;
        }
        String asked = exchange.request().headers().first(h).orElse(null);
        if (asked == null) {
            return assigned;
        }
        QosClass wanted = switch (asked.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> QosClass.CRITICAL;
            case "standard" -> QosClass.STANDARD;
            case "bulk" -> QosClass.BULK;
            default -> assigned;
        };
        if (wanted.ordinal() >= assigned.ordinal() || trusted(exchange)) {
            return wanted;
        }
        return assigned;
    }

    private boolean trusted(Exchange exchange) {
        if (!exchange.caller().isAuthenticated()) {
            return false;
        }
        String subject = exchange.caller().subject();
        for (String glob : trusted) {
            if (Glob.matches(glob, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Builds a {@link RuleQosPolicy}; not thread-safe. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private QosClass defaultClass = QosClass.STANDARD;
        private @Nullable String header = DEFAULT_HEADER;
        private final List<String> trusted = new ArrayList<>();

        private Builder() {}

        /** Adds a rule after the ones already added: the first that matches decides. */
        public Builder rule(Rule value) {
            rules.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets the class of requests no rule matches; default STANDARD. */
        public Builder defaultClass(QosClass value) {
            defaultClass = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the priority header, or null to ignore headers; default {@value #DEFAULT_HEADER}. */
        public Builder header(@Nullable String value) {
            header = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        /** Adds globs of authenticated callers whose priority header may also raise their class. */
        public Builder headerTrustedCallers(List<String> globs) {
            trusted.addAll(globs);
            return this;
        }

        /** Returns the policy. */
        public RuleQosPolicy build() {
            return new RuleQosPolicy(this);
        }
    }
}
