package dev.acf.client;

import dev.acf.api.error.TrustException;
import dev.acf.api.name.AgentName;
import dev.acf.client.internal.KeyCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's identity (CLI-1): its ANS name, its key pair and the certificate chain ANS issued
 * for that key. Generated once, registered through {@link AcfClient}, then kept in a directory
 * as PEM files: {@code key.pem} (PKCS#8, owner read/write only), {@code cert.pem} (the chain, leaf
 * first), {@code ca.pem} (the issuing and root CA) and {@code name}. Every file is replaced
 * atomically, and a switch to a new key and certificate never leaves one without the other.
 *
 * <p>Thread-safe. The key and chain change together on renewal ({@link AcfClient#renew});
 * listeners added with {@link #addListener} hear of every change, so a server can reload its TLS
 * configuration, and the {@link #sslContext()} of an identity always presents the current pair.
 *
 * <pre>{@code
 * Path dir = Path.of("identity");
 * AgentIdentity identity = Files.exists(dir.resolve("key.pem"))
 *         ? AgentIdentity.load(dir)
 *         : AgentIdentity.generate(AgentName.parse("ans://v1.0.0.probe.ops.example.net")).save(dir);
 * try (AcfClient ans = AcfClient.builder().ans(URI.create("https://ans.ops.example.net")).build()) {
 *     if (!identity.isCertified()) {
 *         ans.register(identity, card, List.of(Endpoint.of("https://10.0.4.7:9443/a2a", Endpoint.JSONRPC)),
 *                 System.getenv("ACF_BOOTSTRAP_TOKEN"));       // stores cert.pem and ca.pem in dir
 *     }
 *     try (AutoRenewal renewal = ans.keepRenewed(identity)) {  // renews with a fresh key before expiry
 *         SSLContext tls = identity.sslContext();               // follows every renewal
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class AgentIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(AgentIdentity.class);

    /** One consistent key, chain and CA chain; replaced as a whole. */
    record State(KeyPair key, List<X509Certificate> chain, List<X509Certificate> caChain, Instant certifiedAt) {
        State {
            chain = List.copyOf(chain);
            caChain = List.copyOf(caChain);
        }
    }

    private final AgentName name;
    private final List<Consumer<AgentIdentity>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;
    /** The state before the last change, for TLS handshakes that began just before it. */
    private volatile @Nullable State previous;
    private volatile @Nullable Path directory;
    private volatile List<InetAddress> ipAddresses;
    private final ReentrantLock renewalLock = new ReentrantLock();

    private AgentIdentity(AgentName name, State state, @Nullable Path directory) {
        if (!name.hasVersion()) {
            throw new IllegalArgumentException("an agent identity is for one version; name " + name + " has none");
        }
        this.name = name;
        this.state = state;
        this.directory = directory;
        this.ipAddresses = state.chain().isEmpty() ? List.of() : AgentCsr.ipAddressesOf(state.chain().get(0));
    }

    /** Generates a new EC P-256 identity for a versioned name; not certified and not saved yet. */
    public static AgentIdentity generate(AgentName name) {
        return generate(name, KeyAlgorithm.EC_P256);
    }

    /** Generates a new identity with a key of the given type; not certified and not saved yet. */
    public static AgentIdentity generate(AgentName name, KeyAlgorithm algorithm) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        return new AgentIdentity(name, new State(algorithm.generate(), List.of(), List.of(), Instant.EPOCH), null);
    }

    /**
     * Loads an identity saved in a directory; later changes are saved there too.
     *
     * @throws java.io.UncheckedIOException when the files cannot be read
     * @throws IllegalArgumentException when they are damaged or the key does not match the certificate
     */
    public static AgentIdentity load(Path dir) {
        Objects.requireNonNull(dir, "dir");
        IdentityFiles.Contents c = IdentityFiles.read(dir);
        return new AgentIdentity(c.name(), new State(c.key(), c.chain(), c.caChain(), c.certifiedAt()), dir);
    }

    /**
     * Saves the identity in a directory (created if missing) and keeps saving every later change
     * there.
     *
     * @return this identity
     * @throws java.io.UncheckedIOException when the files cannot be written
     */
    public synchronized AgentIdentity save(Path dir) {
        Objects.requireNonNull(dir, "dir");
        State s = state;
        IdentityFiles.write(dir, name, s.key(), s.chain(), s.caChain());
        this.directory = dir;
        return this;
    }

    /** Returns the directory changes are saved in, if any. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Returns the agent's versioned ANS name. */
    public AgentName name() {
        return name;
    }

    /** Returns the type of the current key. */
    public KeyAlgorithm algorithm() {
        return KeyAlgorithm.of(state.key().getPublic());
    }

    /** Returns the current private key. */
    public PrivateKey privateKey() {
        return state.key().getPrivate();
    }

    /** Returns the current public key. */
    public PublicKey publicKey() {
        return state.key().getPublic();
    }

    /** Returns true once ANS has issued a certificate for the current key. */
    public boolean isCertified() {
        return !state.chain().isEmpty();
    }

    /**
     * Returns the current leaf certificate.
     *
     * @throws IllegalStateException when the identity is not certified yet
     */
    public X509Certificate certificate() {
        List<X509Certificate> chain = state.chain();
        if (chain.isEmpty()) {
            throw new IllegalStateException("agent " + name + " has no certificate yet: register it first");
        }
        return chain.get(0);
    }

    /** Returns the current certificate chain, leaf first; empty before certification. */
    public List<X509Certificate> chain() {
        return state.chain();
    }

    /** Returns the CA chain (issuing CA first, root last); empty before certification. */
    public List<X509Certificate> caChain() {
        return state.caChain();
    }

    /**
     * Returns when the current certificate expires.
     *
     * @throws IllegalStateException when the identity is not certified yet
     */
    public Instant expiresAt() {
        return certificate().getNotAfter().toInstant();
    }

    /** Returns a PEM PKCS#10 request for the current key, naming the {@link #ipAddresses()} too. */
    public String csrPem() {
        return csrPem(state.key());
    }

    /**
     * Asks ANS to certify these IP addresses as well, as iPAddress SANs, in every request from
     * now on (registration and each renewal); replaces earlier addresses, none by default. For an
     * agent or gateway that clients reach by address and verify by it, such as
     * {@code curl https://127.0.0.1:<port>/...}; peers of the same ANS keep verifying it by its
     * ANS name. ANS refuses a request naming an address its operator did not allow (rule
     * {@code san-ip}, see {@code AnsServer.Builder.allowIpAddressSans}). An identity loaded from a
     * directory requests the addresses its certificate carries.
     *
     * <pre>{@code
     * AgentIdentity gateway = AgentIdentity.generate(name).requestIpAddresses(InetAddress.getLoopbackAddress());
     * }</pre>
     *
     * @return this identity
     */
    public AgentIdentity requestIpAddresses(InetAddress... addresses) {
        List<InetAddress> requested = Arrays.stream(Objects.requireNonNull(addresses, "addresses"))
                .map(address -> Objects.requireNonNull(address, "address")).distinct().toList();
        this.ipAddresses = requested;
        return this;
    }

    /** Returns the IP addresses this identity's requests ask ANS to certify; empty by default. */
    public List<InetAddress> ipAddresses() {
        return ipAddresses;
    }

    /**
     * Adds a listener called, on the thread that made the change, after every new key and chain
     * (registration, renewal) is installed and saved. A listener that throws is logged and does
     * not stop the others.
     */
    public void addListener(Consumer<AgentIdentity> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<AgentIdentity> listener) {
        listeners.remove(listener);
    }

    /**
     * Returns a PKCS#12 key store holding the current key and chain under alias {@code agent},
     * a snapshot that does not follow renewals.
     *
     * @throws IllegalStateException when the identity is not certified yet
     */
    public KeyStore keyStore(char[] password) {
        Objects.requireNonNull(password, "password");
        State s = state;
        if (s.chain().isEmpty()) {
            throw new IllegalStateException("agent " + name + " has no certificate yet: register it first");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("agent", s.key().getPrivate(), password, s.chain().toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Returns a key store of the CA certificates, to trust peers certified by the same ANS. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : state.caChain()) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store for " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns a key manager that presents this identity's current key and chain at every TLS
     * handshake, so a server or client built once keeps working across renewals. Thread-safe.
     */
    public javax.net.ssl.X509ExtendedKeyManager keyManager() {
        return new RenewingKeys(this);
    }

    /**
     * Returns a TLS context for mutual TLS with peers of the same ANS: it presents this agent's
     * current key and chain (read at every handshake, so renewals need no restart) and trusts
     * the CA chain known at this call.
     *
     * @throws IllegalStateException when the identity is not certified yet
     */
    public SSLContext sslContext() {
        certificate();
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager()}, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Returns the trust managers of {@link #sslContext()}, for clients that configure TLS themselves. */
    public TrustManager[] trustManagers() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            return trust.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build trust managers for " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        State s = state;
        return "AgentIdentity[" + name + ", " + algorithm() + (s.chain().isEmpty() ? ", not certified"
                : ", serial " + s.chain().get(0).getSerialNumber().toString(16) + " until " + s.chain().get(0).getNotAfter().toInstant()) + "]";
    }

    State state() {
        return state;
    }

    @Nullable State previousState() {
        return previous;
    }

    /** Serializes renewals of this identity, which may run long (network) and must not overlap. */
    ReentrantLock renewalLock() {
        return renewalLock;
    }

    /**
     * Switches to a new key and chain: checks that the leaf certifies this key and name, saves
     * the files when the identity has a directory, then tells the listeners.
     */
    void install(KeyPair key, List<X509Certificate> chain, List<X509Certificate> caChain, Clock clock) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an empty certificate chain cannot be installed");
        }
        if (!KeyCodec.sameKey(key.getPublic(), chain.get(0).getPublicKey())) {
            throw new TrustException("the certificate ANS returned is not for this agent's key");
        }
        AgentName certified;
        try {
            certified = nameOf(chain.get(0));
        } catch (CertificateParsingException e) {
            throw new TrustException("the certificate ANS returned has unreadable names: " + e.getMessage());
        }
        if (!name.equals(certified)) {
            throw new TrustException("the certificate ANS returned names " + certified + ", not " + name);
        }
        synchronized (this) {
            Path dir = directory;
            if (dir != null) {
                IdentityFiles.write(dir, name, key, chain, caChain);
            }
            previous = state;
            state = new State(key, chain, caChain.isEmpty() ? state.caChain() : caChain, clock.instant());
        }
        for (Consumer<AgentIdentity> listener : listeners) {
            try {
                listener.accept(this);
            } catch (RuntimeException e) {
                LOG.warn("identity listener {} failed after the certificate of {} changed", listener, name, e);
            }
        }
    }

    /** Builds a PEM CSR for the name and key, without IP addresses. */
    static String csrPem(AgentName name, KeyPair key) {
        return AgentCsr.pem(name, key, List.of());
    }

    /** Builds a PEM CSR for another key of this identity (renewal), with the IP addresses it requests. */
    String csrPem(KeyPair key) {
        return AgentCsr.pem(name, key, ipAddresses);
    }

    /** Returns the ANS name in a certificate's SAN URI, or null when it has none. */
    static @Nullable AgentName nameOf(X509Certificate certificate) throws CertificateParsingException {
        var sans = certificate.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                if (Integer.valueOf(GeneralName.uniformResourceIdentifier).equals(san.get(0)) && san.get(1) instanceof String uri
                        && AgentName.isValid(uri)) {
                    return AgentName.parse(uri);
                }
            }
        }
        return null;
    }
}
