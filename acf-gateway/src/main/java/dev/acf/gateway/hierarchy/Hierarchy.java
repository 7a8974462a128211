package dev.acf.gateway.hierarchy;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.PeerGateway;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's place in a hierarchy of gateways (GW-SCALE-2): the name space it owns, the
 * sub-name-spaces it delegates to child gateways, and the parent that receives every name it
 * does not own. Placement works like DNS delegation: the longest delegated suffix containing a
 * name wins; a name inside the owned space that no child owns is resolved locally through ANS.
 *
 * <pre>
 *   core      owns example.net            child region1.example.net -> regional
 *   regional  owns region1.example.net    child home.region1.example.net -> edge, parent core
 *   edge      owns home.region1.example.net                               parent regional
 *
 *   alpha.example.net at edge:  edge -> regional -> core -> agent          (up twice)
 *   tv.home.region1.example.net at core:  core -> regional -> edge -> agent (down twice)
 * </pre>
 *
 * <p>Each gateway names itself in the {@code acf-via} path with {@link #id()} (default: the owned
 * suffix), refuses a request that already passed it, and forwards at most {@link #maxHops()} times
 * ({@link HopFilter}). Forwarded calls carry the original caller, believed only from gateways that
 * authenticated by mTLS as the parent, a child or one of {@link Builder#trustGateway the trusted
 * names}. Immutable and thread-safe.
 *
 * <p>A federated peer domain ({@link Builder#peer}, ANS-SYNC-3) is like a sibling delegation
 * outside the owned space: its names go to the peer's gateway, and that gateway may vouch only
 * for callers of its own domain ({@link HopFilter}).
 *
 * <pre>{@code
 * Hierarchy regional = Hierarchy.builder("region1.example.net")
 *         .parent(NextHop.parse("https://core:8443,ans://v1.0.0.gateway.example.net"))
 *         .child("home.region1.example.net", NextHop.parse("https://edge:8443,ans://v1.0.0.gateway.home.region1.example.net"))
 *         .build();
 * GatewayServer.builder().lookup(ans).identity(identity).hierarchy(regional).build().start();
 * }</pre>
 */
public final class Hierarchy {
    /** The default most forwards a call may take. */
    public static final int DEFAULT_MAX_HOPS = 8;

    private final Domain owns;
    private final String id;
    private final @Nullable NextHop parent;
    private final List<Delegation> children;
    private final List<PeerGateway> peers;
    private final List<Pattern> trusted;
    private final List<String> trustedGlobs;
    private final int maxHops;

    private Hierarchy(Builder b) {
        this.owns = b.owns;
        this.id = b.id != null ? b.id : b.owns.name();
        this.parent = b.parent;
        // Longest suffix first: the first containing delegation is the most specific.
        List<Delegation> sorted = new ArrayList<>(b.children);
        sorted.sort(Comparator.comparingInt((Delegation d) -> d.suffix().name().length()).reversed());
        this.children = List.copyOf(sorted);
        List<PeerGateway> byLength = new ArrayList<>(b.peers);
        byLength.sort(Comparator.comparingInt((PeerGateway p) -> p.domain().name().length()).reversed());
        this.peers = List.copyOf(byLength);
        this.trustedGlobs = List.copyOf(b.trusted);
        this.trusted = trustedGlobs.stream().map(Hierarchy::glob).toList();
        this.maxHops = b.maxHops;
    }

    /** Returns a builder for a gateway owning this name space, such as {@code home.region1.example.net}. */
    public static Builder builder(String owns) {
        return new Builder(Domain.of(owns));
    }

    /** What a gateway does with a name. */
    public enum Placement {
        /** Inside the owned space and not delegated: resolved through ANS and called directly. */
        LOCAL,
        /** Delegated to a child gateway. */
        CHILD,
        /** Outside the owned space: sent to the parent gateway. */
        PARENT,
        /** In a federated peer domain: sent to that domain's gateway. */
        PEER,
        /** Outside the owned space, and there is no parent: no gateway to ask. */
        NONE
    }

    /** Returns where a call to this agent goes from here. */
    public Placement place(AgentName name) {
        if (!owns.contains(name)) {
            return peerOf(name).isPresent() ? Placement.PEER : parent != null ? Placement.PARENT : Placement.NONE;
        }
        return delegation(name).isPresent() ? Placement.CHILD : Placement.LOCAL;
    }

    /** Returns the gateway a call to this agent is forwarded to, or empty when it is local or has no route. */
    public Optional<NextHop> nextHop(AgentName name) {
        if (!owns.contains(name)) {
            Optional<PeerGateway> peer = peerOf(name);
            return peer.isPresent() ? peer.map(p -> new NextHop(p.base(), p.gateway())) : Optional.ofNullable(parent);
        }
        return delegation(name).map(Delegation::child);
    }

    private Optional<Delegation> delegation(AgentName name) {
        for (Delegation d : children) {
            if (d.suffix().contains(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Returns the federated peer domain this agent's name lies in (the longest), if any. */
    public Optional<PeerGateway> peerOf(AgentName name) {
        for (PeerGateway p : peers) {
            if (p.domain().contains(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the federated peer whose gateway authenticated with this ANS name (a configured
     * name without version stands for every version), if any.
     */
    public Optional<PeerGateway> peerGateway(AgentName authenticated) {
        for (PeerGateway p : peers) {
            if (sameAgent(p.gateway(), authenticated)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Returns the federated peer domains' gateways, longest domain first. */
    public List<PeerGateway> peers() {
        return peers;
    }

    /**
     * Returns true when an mTLS-authenticated peer with this ANS name is a gateway of the
     * hierarchy: the parent, a child, or a trusted name (glob over the name, with or without
     * version, or its host name).
     */
    public boolean isTrustedGateway(AgentName peer) {
        if (parent != null && sameAgent(parent.gateway(), peer)) {
            return true;
        }
        for (Delegation d : children) {
            if (sameAgent(d.child().gateway(), peer)) {
                return true;
            }
        }
        String full = peer.toString();
        String bare = peer.withoutVersion().toString();
        for (Pattern p : trusted) {
            if (p.matcher(full).matches() || p.matcher(bare).matches() || p.matcher(peer.fqdn()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A configured name without version stands for every version of that agent. */
    private static boolean sameAgent(@Nullable AgentName configured, AgentName peer) {
        if (configured == null) {
            return false;
        }
        return configured.version() == null ? configured.fqdn().equals(peer.fqdn()) : configured.equals(peer);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** Returns the owned name space. */
    public Domain owns() {
        return owns;
    }

    /** Returns how this gateway names itself in the {@code acf-via} path. */
    public String id() {
        return id;
    }

    /** Returns the parent gateway, if any. */
    public Optional<NextHop> parent() {
        return Optional.ofNullable(parent);
    }

    /** Returns the delegations, longest suffix first. */
    public List<Delegation> children() {
        return children;
    }

    /** Returns the globs of the gateways trusted besides the parent and the children. */
    public List<String> trustedGateways() {
        return trustedGlobs;
    }

    /** Returns the most forwards a call may take. */
    public int maxHops() {
        return maxHops;
    }

    @Override
    public String toString() {
        return "Hierarchy[" + id + " owns " + owns + ", parent " + parent + ", children " + children + ", peers "
                + peers.stream().map(p -> p.domain() + "->" + p.base()).toList() + "]";
    }

    /** Configures a {@link Hierarchy}; not thread-safe. */
    public static final class Builder {
        private final Domain owns;
        private @Nullable String id;
        private @Nullable NextHop parent;
        private final List<Delegation> children = new ArrayList<>();
        private final List<String> trusted = new ArrayList<>();
        private final List<PeerGateway> peers = new ArrayList<>();
        private int maxHops = DEFAULT_MAX_HOPS;

        private Builder(Domain owns) {
            this.owns = Objects.requireNonNull(owns, "owns");
        }

        /** Sends names outside the owned space to this gateway; default none (they are not found). */
        public Builder parent(NextHop value) {
            parent = Objects.requireNonNull(value, "parent");
            return this;
        }

        /** Sends names outside the owned space to the gateway at this base URI (name not checked). */
        public Builder parent(URI base) {
            return parent(NextHop.of(base));
        }

        /** Delegates a sub-name-space (at or below {@code suffix}, inside the owned space) to a child gateway. */
        public Builder child(String suffix, NextHop child) {
            children.add(new Delegation(Domain.of(suffix), child));
            return this;
        }

        /** Delegates a sub-name-space to the child gateway at this base URI (name not checked). */
        public Builder child(String suffix, URI base) {
            return child(suffix, NextHop.of(base));
        }

        /**
         * Sends the names of a federated peer domain (outside the owned space) to that domain's
         * gateway (ANS-SYNC-3); the gateway may forward callers of its own domain only, and the
         * domain's CA certificates are trusted for names of that domain only.
         */
        public Builder peer(PeerGateway value) {
            peers.add(Objects.requireNonNull(value, "peer"));
            return this;
        }

        /**
         * Also trusts gateways whose ANS name matches this glob ({@code *} any characters), such as
         * {@code ans://*.gateway.example.net}, to vouch for the original caller.
         */
        public Builder trustGateway(String glob) {
            if (Objects.requireNonNull(glob, "glob").isBlank() || glob.contains(",")) {
                throw new IllegalArgumentException("a trusted gateway glob must be non-blank without commas, was '" + glob + "'");
            }
            trusted.add(glob.trim());
            return this;
        }

        /** Sets how this gateway names itself in {@code acf-via}; default the owned suffix. */
        public Builder id(String value) {
            if (!Objects.requireNonNull(value, "id").matches("[A-Za-z0-9._:/-]{1,253}")) {
                throw new IllegalArgumentException("a gateway id is letters, digits and ._:/- only, was '" + value + "'");
            }
            id = value;
            return this;
        }

        /** Sets the most forwards a call may take, 1-64; default {@value Hierarchy#DEFAULT_MAX_HOPS}. */
        public Builder maxHops(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("maxHops must be 1-64, was " + value);
            }
            maxHops = value;
            return this;
        }

        /**
         * Returns the hierarchy.
         *
         * @throws ConfigurationException when a delegation lies outside the owned space, is the owned space itself,
         *     or is given twice, or a peer domain overlaps the owned space or is given twice
         */
        public Hierarchy build() {
            List<Domain> seen = new ArrayList<>();
            for (Delegation d : children) {
                if (!owns.contains(d.suffix()) || d.suffix().equals(owns)) {
                    throw new ConfigurationException("child name space " + d.suffix() + " must lie below the owned " + owns);
                }
                if (seen.contains(d.suffix())) {
                    throw new ConfigurationException("child name space " + d.suffix() + " is delegated twice");
                }
                seen.add(d.suffix());
            }
            List<Domain> peerDomains = new ArrayList<>();
            for (PeerGateway p : peers) {
                if (owns.contains(p.domain()) || p.domain().contains(owns)) {
                    throw new ConfigurationException("peer domain " + p.domain() + " overlaps the owned " + owns);
                }
                if (peerDomains.contains(p.domain())) {
                    throw new ConfigurationException("peer domain " + p.domain() + " is given twice");
                }
                peerDomains.add(p.domain());
            }
            return new Hierarchy(this);
        }
    }
}
