package dev.acf.benchmarks;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.registry.EmbeddedRegistryStore;
import dev.acf.ans.sync.ExportPolicy;
import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Peer;
import dev.acf.ans.sync.PeerImporter;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.json.AcfJson;
import dev.acf.api.registry.Revision;
import dev.acf.api.resolve.AgentEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * PERF-6: cross-domain sync. An origin ANS holds N records (written to its registry store
 * directly, in parallel); a new peer ANS bootstraps them through the signed change feed over HTTP
 * (every change verified); then the origin changes M records at a steady rate (updates, every
 * tenth a revocation, each announced on the origin's event stream as its API would) and the time
 * from the origin's durable write to the record's new state being resolvable in the peer is
 * measured. Prints the figures and a JSON last line.
 *
 * <p>Usage: {@code SyncBenchmark [--records 100000] [--changes 1000] [--rate 100]}
 */
public final class SyncBenchmark {
    private static final String TOKEN = "bench-peer-token-00000001";
    /**
     * Changes per page: the default. A page of 5,000 is a 20 MB response, and a heap buffer that large costs the server
     * a copy of what is left of it into a temporary direct buffer on every socket write, quadratic in the page size.
     */
    private static final int PAGE = Integer.getInteger("acf.bench.syncPage", 1_000);

    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int records = Integer.parseInt(options.getOrDefault("records", "100000"));
        int changes = Integer.parseInt(options.getOrDefault("changes", "1000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "100"));
        Path dir = Files.createTempDirectory("acf-sync-bench");
        String certificate = ResolutionLatencyBenchmark.certificate();
        SyntheticAgents synthetic = new SyntheticAgents(2_000, 42);
        try (EmbeddedRegistryStore store = EmbeddedRegistryStore.open(dir.resolve("origin-registry"));
                AnsServer origin = AnsServer.builder().domain(SyntheticAgents.DOMAIN.name()).dataDirectory(dir.resolve("origin"))
                        .registryStore(store).semanticResolution(false).contentInspection(false)
                        .bootstrapToken("bench-bootstrap-token-0001", BootstrapTokens.Use.REUSABLE)
                        .peer(Peer.builder("peer.example.org").exportTo(TOKEN, ExportPolicy.defaults()).build()).build().start()) {
            long writeStart = System.nanoTime();
            List<AgentRecord> agents = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
                agents.add(synthetic.agent(i, certificate));
            }
            parallel(agents, r -> store.put(r, Revision.NONE));
            System.out.printf("origin: %,d records written in %.1f s%n", records, (System.nanoTime() - writeStart) / 1e9);

            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            // A first peer bootstraps in a JVM whose peer-side code has never run (JIT compilation and heap growth
            // included); a second one, started afresh, shows the steady cost of a bootstrap.
            double[] cold = bootstrap(origin, dir.resolve("peer-cold"), records, os, "cold JVM");
            double load = os.getSystemLoadAverage();
            long warmStart = System.nanoTime();
            long warmCpu = os.getProcessCpuTime();
            try (AnsServer peer = peer(origin, dir.resolve("peer"))) {
                double[] warm = measure(peer, warmStart, warmCpu, records, os, "warm JVM");
                double bootSeconds = warm[0];
                double cpuSeconds = warm[1];
                Map<String, Long> visible = new ConcurrentHashMap<>();
                AutoCloseable subscription = peer.service().events().subscribe(event -> visible.putIfAbsent(key(event.agent()), System.nanoTime()));
                Map<String, Long> committed = new ConcurrentHashMap<>();
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < changes; i++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += interval;
                    AgentRecord current = store.find(agents.get(i).name()).orElseThrow().record();
                    AgentRecord changed = current.toBuilder().updatedAt(Instant.now())
                            .status(i % 10 == 9 ? AgentStatus.REVOKED : AgentStatus.ACTIVE).build();
                    store.put(changed, store.find(changed.name()).orElseThrow().revision());
                    committed.put(key(changed), System.nanoTime());
                    origin.service().events().publish(new AgentEvent(changed.isResolvable() ? AgentEvent.Type.UPSERTED : AgentEvent.Type.WITHDRAWN, changed));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (visible.keySet().containsAll(committed.keySet()) == false && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                subscription.close();
                double[] latencies = committed.entrySet().stream().filter(e -> visible.containsKey(e.getKey()))
                        .mapToDouble(e -> (visible.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
                double p50 = percentile(latencies, 0.50);
                double p99 = percentile(latencies, 0.99);
                double max = latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1];
                System.out.printf("propagation: %d changes at %d/s, %d seen: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", changes, rate,
                        latencies.length, p50, p99, max);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("benchmark", "sync");
                json.put("records", records);
                json.put("bootstrapSeconds", round(bootSeconds));
                json.put("bootstrapRecordsPerSecond", Math.round(records / bootSeconds));
                json.put("bootstrapCpuSeconds", round(cpuSeconds));
                json.put("coldBootstrapSeconds", round(cold[0]));
                json.put("coldBootstrapCpuSeconds", round(cold[1]));
                json.put("cores", os.getAvailableProcessors());
                json.put("loadAverageAtStart", round(load));
                json.put("changes", changes);
                json.put("changesSeen", latencies.length);
                json.put("propagationP50Ms", round(p50));
                json.put("propagationP99Ms", round(p99));
                json.put("propagationMaxMs", round(max));
                System.out.println(AcfJson.writeString(json));
            }
        }
        // Three stores of 100,000 records each: about 1.4 GB of temporary files.
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static AnsServer peer(AnsServer origin, Path data) {
        return AnsServer.builder().domain("peer.example.org").dataDirectory(data)
                .semanticResolution(false).contentInspection(false)
                .bootstrapToken("bench-bootstrap-token-0001", BootstrapTokens.Use.REUSABLE)
                .federation(Federation.builder().pageSize(PAGE).pollInterval(Duration.ofSeconds(30)).build())
                .peer(Peer.builder(SyntheticAgents.DOMAIN.name()).ans(origin.baseUri()).pinnedKeys(origin.signer().publicJwks())
                        .importWith(TOKEN).build())
                .build().start();
    }

    private static double[] bootstrap(AnsServer origin, Path data, int records, com.sun.management.OperatingSystemMXBean os, String label) {
        long start = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        try (AnsServer peer = peer(origin, data)) {
            return measure(peer, start, cpu, records, os, label);
        }
    }

    /** Waits until the peer holds every record and has caught up; prints and returns wall and CPU seconds since it started. */
    private static double[] measure(AnsServer peer, long bootStart, long cpuStart, int records, com.sun.management.OperatingSystemMXBean os,
            String label) {
        double load = os.getSystemLoadAverage();
        PeerImporter importer = peer.federation().orElseThrow().importers().getFirst();
        while (peer.federation().orElseThrow().foreign().count() < records || !importer.status().caughtUp()) {
            LockSupport.parkNanos(1_000_000);
        }
        double bootSeconds = (System.nanoTime() - bootStart) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        System.out.printf("bootstrap (%s): %,d records in %.2f s (%,.0f records/s), %d pages, %d rejected; %.1f CPU-seconds for both ANS"
                + " (%d cores, load average %.1f at start)%n", label, records, bootSeconds, records / bootSeconds,
                importer.status().pagesFetched(), importer.status().rejected(), cpuSeconds, os.getAvailableProcessors(), load);
        return new double[] {bootSeconds, cpuSeconds};
    }

    private static String key(AgentRecord record) {
        return record.name() + "@" + record.updatedAt();
    }

    private static void parallel(List<AgentRecord> records, java.util.function.Consumer<AgentRecord> write) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            int slice = 512;
            for (int start = 0; start < records.size(); start += slice) {
                List<AgentRecord> part = records.subList(start, Math.min(records.size(), start + slice));
                for (AgentRecord r : part) {
                    done.add(pool.submit(() -> write.accept(r)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                done.clear();
            }
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " in " + Arrays.toString(args));
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
