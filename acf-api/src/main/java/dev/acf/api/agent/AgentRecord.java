package dev.acf.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What ANS knows of one version of one agent (API-1): its name, domain, status, A2A Agent
 * Card, endpoints, capabilities and certificate. The registry store keeps it; resolution
 * returns it. Immutable and thread-safe; build it with {@link #builder()} and change it with
 * {@link #toBuilder()}.
 *
 * <p>In JSON it carries {@code version} beside {@code name}, as the ANS HTTP API shows it.
 *
 * <pre>{@code
 * AgentRecord record = AgentRecord.builder()
 *         .name(AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net"))
 *         .domain(Domain.of("ops.example.net"))
 *         .agentCard(card)
 *         .endpoints(List.of(Endpoint.of("https://10.0.4.7:9443/a2a", Endpoint.JSONRPC)))
 *         .build();
 * }</pre>
 *
 * @param name the agent's name, with its version
 * @param domain the administrative domain the name lies in
 * @param status where it is in its life cycle
 * @param agentCard its A2A Agent Card
 * @param endpoints where it answers; at least one
 * @param capabilities what it can do; derived from the card's skills unless given
 * @param certificate its certificate chain in PEM, leaf first; absent while {@code PENDING}
 * @param registeredAt when this version was first registered
 * @param updatedAt when this record last changed
 */
public record AgentRecord(AgentName name, Domain domain, AgentStatus status, AgentCard agentCard, List<Endpoint> endpoints,
        List<Capability> capabilities, @Nullable String certificate, Instant registeredAt, Instant updatedAt) {

    /** Validates the name against the domain and copies the lists. */
    public AgentRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(agentCard, "agentCard");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!name.hasVersion()) {
            throw new ValidationException("an agent record is for one version; name " + name + " has none");
        }
        if (!name.isWithin(domain)) {
            throw new ValidationException("agent name " + name + " does not lie in domain " + domain);
        }
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new ValidationException("agent " + name + " needs at least one endpoint");
        }
        capabilities = List.copyOf(capabilities);
        if (updatedAt.isBefore(registeredAt)) {
            throw new ValidationException("updatedAt " + updatedAt + " is before registeredAt " + registeredAt);
        }
    }

    /** Returns the version, from the name. */
    @JsonProperty("version")
    public Version version() {
        return Objects.requireNonNull(name.version());
    }

    /** Returns true when resolution may return this record. */
    @JsonIgnore
    public boolean isResolvable() {
        return status.isResolvable();
    }

    /** Returns a builder with this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Builds an {@link AgentRecord}; not thread-safe. */
    public static final class Builder {
        private @Nullable AgentName name;
        private @Nullable Domain domain;
        private AgentStatus status = AgentStatus.ACTIVE;
        private @Nullable AgentCard agentCard;
        private List<Endpoint> endpoints = List.of();
        private @Nullable List<Capability> capabilities;
        private @Nullable String certificate;
        private @Nullable Instant registeredAt;
        private @Nullable Instant updatedAt;

        private Builder(@Nullable AgentRecord from) {
            if (from != null) {
                name = from.name;
                domain = from.domain;
                status = from.status;
                agentCard = from.agentCard;
                endpoints = from.endpoints;
                capabilities = from.capabilities;
                certificate = from.certificate;
                registeredAt = from.registeredAt;
                updatedAt = from.updatedAt;
            }
        }

        /** Sets the versioned name. */
        public Builder name(AgentName value) { this.name = value; return this; }
        /** Sets the domain. */
        public Builder domain(Domain value) { this.domain = value; return this; }
        /** Sets the status (default {@code ACTIVE}). */
        public Builder status(AgentStatus value) { this.status = value; return this; }
        /** Sets the Agent Card; capabilities follow its skills unless set explicitly. */
        public Builder agentCard(AgentCard value) { this.agentCard = value; return this; }
        /** Sets the endpoints. */
        public Builder endpoints(List<Endpoint> value) { this.endpoints = value; return this; }
        /** Sets the capabilities explicitly. */
        public Builder capabilities(List<Capability> value) { this.capabilities = value; return this; }
        /** Sets the PEM certificate chain. */
        public Builder certificate(@Nullable String value) { this.certificate = value; return this; }
        /** Sets when the version was registered (default: now). */
        public Builder registeredAt(Instant value) { this.registeredAt = value; return this; }
        /** Sets when the record changed (default: the registration time). */
        public Builder updatedAt(Instant value) { this.updatedAt = value; return this; }

        /** Returns the record; fails like the constructor on missing or invalid values. */
        public AgentRecord build() {
            AgentCard card = Objects.requireNonNull(agentCard, "agentCard");
            List<Capability> caps = capabilities;
            if (caps == null) {
                caps = new ArrayList<>();
                for (var skill : card.skills()) {
                    caps.add(Capability.of(skill));
                }
            }
            Instant registered = registeredAt != null ? registeredAt : Instant.now();
            return new AgentRecord(Objects.requireNonNull(name, "name"), Objects.requireNonNull(domain, "domain"), status, card,
                    endpoints, caps, certificate, registered, updatedAt != null ? updatedAt : registered);
        }
    }
}
