import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a load run (source-file program, JDK 21+):
 * {@code java benchmarks/JfrSummary.java gateway.jfr REQUESTS [TOP]}. Prints the bytes
 * allocated per request (from the heap before and after each GC, and from the threads'
 * allocation counters), the hottest methods by CPU samples (self and, for ACF and Netty code,
 * inclusive), and where the sampled allocations come from (class, first ACF frame).
 */
public final class JfrSummary {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long requests = Long.parseLong(args[1]);
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocByFrame = new HashMap<>();
        Map<Long, long[]> threadAlloc = new HashMap<>();
        List<long[]> heap = new ArrayList<>();   // gcId, when (0 before, 1 after), used
        long samples = 0;
        long allocWeight = 0;
        long gcs = 0;
        long gcPauseNanos = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    var thread = e.getThread("sampledThread");
                    String tn = thread == null ? "?" : thread.isVirtual() ? "(virtual threads)"
                            : thread.getJavaName() == null ? "?" : thread.getJavaName().replaceAll("[-#]?\\d+$", "-N");
                    byThread.merge(tn, 1L, Long::sum);
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : st.getFrames()) {
                        String n = name(f);
                        if ((n.startsWith("dev.acf") || n.startsWith("io.netty") || n.startsWith("com.fasterxml") || n.startsWith("io.micrometer"))
                                && seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    allocWeight += w;
                    allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                    RecordedStackTrace st = e.getStackTrace();
                    String where = "?";
                    if (st != null) {
                        for (RecordedFrame f : st.getFrames()) {
                            String n = name(f);
                            if (n.startsWith("dev.acf")) {
                                where = n;
                                break;
                            }
                        }
                        if (where.equals("?") && !st.getFrames().isEmpty()) {
                            where = name(st.getFrames().get(0));
                        }
                    }
                    allocByFrame.merge(where, w, Long::sum);
                }
                case "jdk.GCHeapSummary" -> heap.add(new long[] {e.getInt("gcId"), e.getString("when").startsWith("Before") ? 0 : 1,
                        e.getLong("heapUsed")});
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                }
                case "jdk.ThreadAllocationStatistics" -> {
                    long tid = e.getThread("thread") == null ? -1 : e.getThread("thread").getJavaThreadId();
                    long a = e.getLong("allocated");
                    threadAlloc.merge(tid, new long[] {a, a}, (o, n) -> new long[] {Math.min(o[0], n[0]), Math.max(o[1], n[1])});
                }
                default -> { }
            }
        }
        long byGc = 0;
        long lastAfter = -1;
        heap.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] h : heap) {
            if (h[1] == 0 && lastAfter >= 0) {
                byGc += h[2] - lastAfter;
            } else if (h[1] == 1) {
                lastAfter = h[2];
            }
        }
        long byThreads = threadAlloc.values().stream().mapToLong(v -> v[1] - v[0]).sum();
        System.out.printf("%s: %,d requests, %d GCs (%.1f ms of pauses)%n", file.getFileName(), requests, gcs, gcPauseNanos / 1e6);
        System.out.printf("allocated per request: %,d bytes (heap between GCs), %,d bytes (thread counters)%n",
                requests == 0 ? 0 : byGc / requests, requests == 0 ? 0 : byThreads / requests);
        System.out.printf("%nCPU samples: %,d; by thread:%n", samples);
        print(byThread, samples, top);
        System.out.printf("%ntop methods, self:%n");
        print(self, samples, top);
        System.out.printf("%ninclusive (ACF, Netty, Jackson, Micrometer frames):%n");
        print(inclusive, samples, top);
        System.out.printf("%nsampled allocations by class:%n");
        print(allocByClass, allocWeight, top);
        System.out.printf("%nsampled allocations by first ACF frame (else the top frame):%n");
        print(allocByFrame, allocWeight, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(Map<String, Long> counts, long total, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
