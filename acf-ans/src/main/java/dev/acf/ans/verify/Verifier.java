package dev.acf.ans.verify;

import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.permission.Permissions;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.error.AcfException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.verify.SkillTestCase;
import dev.acf.api.verify.SkillTests;
import dev.acf.api.verify.TestResult;
import dev.acf.api.verify.TrustProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs agents' skill test cases and keeps their trust profiles (ANS-MON-3). Each test case
 * that is {@linkplain SkillTestCase#probeable() probeable} (read-only or a dry run) is sent
 * through the gateway, over real HTTP, as the probe identity {@link ProbeIdentity#nameFor}:
 * its own certificate from this ANS's CA, one grant per agent made by ANS itself for exactly the
 * probeable skills ({@code SendMessage} only, rate-limited), and calls paced to
 * {@link Verification#callsPerSecond()} over all agents. A write test case without
 * {@code dryRun} is never sent.
 *
 * <p>An agent is verified when it is registered or approved, when it is updated (both through
 * the agent event stream, never on the request path), and again every
 * {@link Verification#interval()} with jitter. Until a gateway is known ({@link #connect}),
 * nothing runs. All work happens on one verifier thread; the methods are thread-safe.
 */
public final class Verifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    /** Who the verifier's grants name as their maker. */
    static final String ACTOR = "ans-verifier";
    /** How long a probe call answered 403 is retried: the time a new grant takes to reach the gateway. */
    private static final Duration GRANT_PROPAGATION = Duration.ofSeconds(5);

    private final Verification settings;
    private final RegistryStore store;
    private final Permissions permissions;
    private final TrustStore trust;
    private final Consumer<AgentName> reindex;
    private final Clock clock;
    private final AgentName probe;
    private final ProbeCredentials credentials;
    private final ScheduledExecutorService worker;
    private final AutoCloseable subscription;
    private final LinkedHashSet<AgentName> queue = new LinkedHashSet<>();
    private volatile @Nullable URI gateway;
    private @Nullable SSLContext tls;
    private @Nullable HttpClient http;
    private long nextCallNanos;
    private boolean draining;

    /**
     * Creates a verifier and starts following agent events.
     *
     * @param reindex re-indexes an agent version whose verified skills changed
     */
    public Verifier(Verification settings, Domain domain, RegistryStore store, CertificateAuthority ca, Permissions permissions,
            AgentEvents events, TrustStore trust, Consumer<AgentName> reindex, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.reindex = Objects.requireNonNull(reindex, "reindex");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probe = ProbeIdentity.nameFor(domain);
        this.credentials = new ProbeCredentials(probe, ca, Duration.ofHours(1), clock);
        this.gateway = settings.gateway();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "acf-verifier");
            t.setDaemon(true);
            return t;
        });
        // An index reopened from disk may predate the last profiles: its verified marks are refreshed once.
        trust.agents().forEach(name -> worker.execute(() -> safely(() -> reindex.accept(name))));
        this.subscription = events.subscribe(this::onEvent);
        if (settings.enabled() && gateway != null) {
            worker.execute(this::sweep);
        }
    }

    /** Returns the probe's name: {@code ans://v1.0.0.probe.ans.<domain>}. */
    public AgentName probeName() {
        return probe;
    }

    /** Returns the trust profiles this verifier keeps. */
    public TrustStore trust() {
        return trust;
    }

    /** Returns the gateway the probe calls through, when known. */
    public Optional<URI> gateway() {
        return Optional.ofNullable(gateway);
    }

    /**
     * Points the probe at a gateway ({@code https://host:port}) and verifies every agent that
     * declares test cases, then periodically. For gateways started after this ANS.
     */
    public void connect(URI value) {
        boolean first = gateway == null;
        gateway = Objects.requireNonNull(value, "gateway");
        if (first && settings.enabled()) {
            worker.execute(this::sweep);
        }
    }

    /**
     * Verifies one agent version now (on the verifier thread, after what is queued) and returns
     * its new profile; the current profile when it has no probeable test case, is not active, or
     * no gateway is known.
     */
    public CompletableFuture<TrustProfile> verify(AgentName agent) {
        Objects.requireNonNull(agent, "agent");
        CompletableFuture<TrustProfile> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                done.complete(verifyOne(agent));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Records a profile obtained otherwise (runtime evidence, an import) as if a run had produced
     * it: stored durably, and the agent re-indexed when its verified skills changed.
     */
    public void record(TrustProfile profile) {
        TrustProfile old = trust.put(Objects.requireNonNull(profile, "profile"));
        if (old == null || !old.verifiedSkills().equals(profile.verifiedSkills())) {
            reindex.accept(profile.agent());
        }
    }

    private void onEvent(AgentEvent event) {
        AgentRecord record = event.agent();
        if (event.type() != AgentEvent.Type.UPSERTED || record.status() != AgentStatus.ACTIVE || !settings.enabled()) {
            return;
        }
        if (record.agentCard().capabilities().extensions().stream().anyMatch(e -> SkillTests.EXTENSION_URI.equals(e.uri()))) {
            enqueue(record.name());
        }
    }

    private void enqueue(AgentName name) {
        synchronized (queue) {
            queue.add(name);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            worker.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            LOG.debug("verifier closed: {} is not verified", name);
        }
    }

    private void drain() {
        while (true) {
            AgentName next;
            synchronized (queue) {
                if (queue.isEmpty()) {
                    draining = false;
                    return;
                }
                next = queue.iterator().next();
                queue.remove(next);
            }
            safely(() -> verifyOne(next));
        }
    }

    /** Queues every active agent that declares test cases, and schedules the next sweep, jittered. */
    private void sweep() {
        try (Stream<StoredAgent> all = store.scan()) {
            all.map(StoredAgent::record)
                    .filter(r -> r.status() == AgentStatus.ACTIVE)
                    .filter(r -> r.agentCard().capabilities().extensions().stream().anyMatch(e -> SkillTests.EXTENSION_URI.equals(e.uri())))
                    .forEach(r -> enqueue(r.name()));
        } catch (RuntimeException e) {
            LOG.warn("cannot list the agents to verify: {}", e.toString());
        }
        double factor = 1 + settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        long delay = Math.max(1_000, (long) (settings.interval().toMillis() * factor));
        try {
            worker.schedule(this::sweep, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    private TrustProfile verifyOne(AgentName name) {
        URI target = gateway;
        Optional<StoredAgent> stored = store.find(name);
        if (target == null || !settings.enabled() || stored.isEmpty() || stored.get().record().status() != AgentStatus.ACTIVE) {
            return trust.profile(name);
        }
        List<SkillTestCase> tests;
        try {
            tests = SkillTests.of(stored.get().record().agentCard());
        } catch (AcfException e) {
            LOG.warn("{} declares invalid skill test cases, not verified: {}", name, e.getMessage());
            return trust.profile(name);
        }
        List<SkillTestCase> probeable = tests.stream().filter(SkillTestCase::probeable).toList();
        TreeSet<String> skills = new TreeSet<>();
        probeable.forEach(t -> skills.add(t.skill()));
        grant(name, List.copyOf(skills));
        if (probeable.isEmpty()) {
            return trust.profile(name);
        }
        HttpClient client = client();
        List<TestResult> results = new ArrayList<>(probeable.size());
        long deadline = System.nanoTime() + GRANT_PROPAGATION.toNanos();
        for (SkillTestCase test : probeable) {
            ProbeCall.Answer answer;
            long start;
            do {
                pace();
                start = System.nanoTime();
                try {
                    answer = ProbeCall.send(client, target, name, test, settings.callTimeout());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return trust.profile(name);
                }
            } while (answer.status() == ProbeCall.FORBIDDEN && System.nanoTime() < deadline);
            results.add(ProbeCall.result(test, answer, ProbeCall.since(start), clock.instant()));
        }
        TrustProfile profile = TrustProfile.of(name, results, clock.instant());
        safely(() -> record(profile));
        LOG.info("verified {}: skills {} verified, {} failed, {}/{} test cases passed", name, profile.verifiedSkills(),
                profile.failedSkills(), results.stream().filter(TestResult::passed).count(), results.size());
        return profile;
    }

    /**
     * Makes sure the probe holds exactly one grant on the agent, for exactly its probeable
     * skills ({@code SendMessage} only, at most the probe's rate); none when it has none.
     */
    private void grant(AgentName agent, List<String> skills) {
        String target = agent.withoutVersion().toString();
        String existing = trust.probeGrant(agent);
        if (existing != null) {
            Optional<Grant> current = permissions.find(existing);
            if (current.isPresent() && current.get().status() == Grant.Status.ACTIVE && current.get().skills().equals(skills)
                    && current.get().target().equals(target)) {
                return;
            }
            if (current.isPresent() && current.get().status() == Grant.Status.ACTIVE) {
                permissions.revoke(existing, ACTOR, "the probeable skills of " + target + " changed");
            }
            trust.probeGrant(agent, null);
        }
        if (skills.isEmpty()) {
            return;
        }
        int perMinute = (int) Math.max(1, Math.ceil(settings.callsPerSecond() * 60));
        Grant made = permissions.create(new GrantRequest(null, new GrantRequest.CallerBody(probe.withoutVersion().toString(), null, null),
                target, List.of("SendMessage"), skills, null, perMinute), ACTOR);
        trust.probeGrant(agent, made.id());
    }

    private HttpClient client() {
        SSLContext context = credentials.context();
        HttpClient current = http;
        if (current == null || context != tls) {
            if (current != null) {
                current.close();
            }
            current = HttpClient.newBuilder().sslContext(context).connectTimeout(settings.callTimeout())
                    .version(HttpClient.Version.HTTP_1_1).build();
            http = current;
            tls = context;
        }
        return current;
    }

    /** Waits for the next call slot: calls are spaced evenly at the configured rate. */
    private void pace() {
        long spacing = (long) (1e9 / settings.callsPerSecond());
        long now = System.nanoTime();
        long slot = Math.max(now, nextCallNanos);
        nextCallNanos = slot + spacing;
        while (System.nanoTime() < slot && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(slot - System.nanoTime());
        }
    }

    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("capability verification step failed: {}", e.toString(), e);
        }
    }

    /** Stops following events and the verifier thread; a run in progress is interrupted. */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("cannot unsubscribe the verifier", e);
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HttpClient current = http;
        if (current != null) {
            current.close();
        }
    }
}
