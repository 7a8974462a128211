package dev.acf.ans;

import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.registry.JdbcRegistryStore;
import dev.acf.api.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link AnsKillTest}: a real ANS on a data directory, serving HTTP on a free
 * port, until killed. Its first stdout line, {@code listening <base URI>}, is the protocol with
 * the parent test; the registry is the embedded store under the data directory, or PostgreSQL.
 *
 * <pre>
 * AnsNodeMain DATA_DIRECTORY
 * AnsNodeMain DATA_DIRECTORY JDBC_URL USERNAME SCHEMA
 * </pre>
 */
final class AnsNodeMain {
    static final String TOKEN = "kill-test-bootstrap-token-0001";

    private AnsNodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        AnsServer.Builder builder = AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(Path.of(args[0]))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE);
        if (args.length > 1) {
            // AnsServer hands a discovered store only the data directory, so the JDBC store is built here.
            builder.registryStore(JdbcRegistryStore.open(ProviderConfig.of(Map.of(JdbcRegistryStore.JDBC_URL, args[1],
                    JdbcRegistryStore.USERNAME, args[2], JdbcRegistryStore.SCHEMA, args[3]))));
        }
        AnsServer server = builder.build().start();
        System.out.println("listening " + server.baseUri());
        System.out.flush();
        new CountDownLatch(1).await(); // serves until the parent kills this JVM
    }
}
