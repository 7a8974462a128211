package dev.acf.ans.registry;

import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.Revision;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.testkit.SampleAgents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of the kill tests: opens a store, puts records from several threads until
 * killed, and prints each name on stdout (flushed) once its put has returned, so every printed
 * line is an acknowledged write. Standard output is the protocol with the parent test.
 *
 * <pre>
 * RegistryStormMain embedded DIRECTORY
 * RegistryStormMain jdbc JDBC_URL USERNAME SCHEMA
 * </pre>
 */
final class RegistryStormMain {
    static final int THREADS = 4;
    static final int PER_THREAD = 50_000;

    private RegistryStormMain() {}

    public static void main(String[] args) throws InterruptedException {
        RegistryStore store = switch (args[0]) {
            case "embedded" -> EmbeddedRegistryStore.open(Path.of(args[1]));
            case "jdbc" -> JdbcRegistryStore.open(ProviderConfig.of(Map.of(JdbcRegistryStore.JDBC_URL, args[1],
                    JdbcRegistryStore.USERNAME, args[2], JdbcRegistryStore.SCHEMA, args[3])));
            default -> throw new IllegalArgumentException("unknown store kind " + args[0]);
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    String name = "ans://v1.0.0.storm" + thread + "-" + i + ".ops.example.net";
                    store.put(SampleAgents.record(name), Revision.NONE);
                    synchronized (System.out) {
                        System.out.println(name);
                        System.out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        store.close();
    }
}
