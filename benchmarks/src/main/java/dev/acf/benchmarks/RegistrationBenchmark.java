package dev.acf.benchmarks;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.RegistrationResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration throughput of an ANS (SPEC PERF-5: at least 1,000 registrations per second):
 * CSR in, certificate out, record durable. Each operation is one complete registration of a
 * fresh name: validation, bootstrap token, CSR rules, CA issue (its ledger fsync'd), embedded
 * registry put (fsync'd), audit log append (fsync'd) and event publish. The agents' keys and
 * CSRs are made before each iteration ({@link RegistrationPool}), as they are the agents' cost.
 *
 * <p>{@code javaApi*} call {@link dev.acf.ans.AnsService#register} in-process; {@code http*}
 * send {@code POST /v1/agents} over loopback with {@link HttpClient} (HTTP/1.1, keep-alive),
 * adding JSON parsing, the signed answer and the socket round trip. Each runs with 1, 4 and 16
 * threads: each registration waits for three fsyncs (CA ledger, registry, audit log), which
 * concurrent registrations share, so throughput grows with the number of registrations in flight. The data directory is a fresh temporary directory, on the file system of
 * {@code java.io.tmpdir} unless {@code -Dacf.bench.dir=<dir>} says otherwise: use the disk
 * you mean to measure (a tmpfs makes fsync free).
 *
 * <pre>
 * ./mvnw -B -ntp package -pl benchmarks -am -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RegistrationBenchmark
 * java -jar benchmarks/target/benchmarks.jar 'RegistrationBenchmark.javaApi' -prof jfr   # where the time goes
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Registration's crypto keeps getting faster for about 25 s of a run (JIT): shorter warm-ups measure that.
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RegistrationBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationBenchmark.class);
    private static final String TOKEN = "benchmark-bootstrap-token-0001";

    /** One ANS per trial on a fresh data directory, with its pool of registrations. */
    @State(Scope.Benchmark)
    public static class Ans {
        AnsServer server;
        Path data;
        RegistrationPool pool;
        HttpClient client;
        URI agents;

        /**
         * Whether the ANS also keeps its semantic index current: each registration is then
         * embedded in the background, which shares the CPU with registration itself.
         */
        @Param({"true", "false"})
        public boolean semanticResolution;

        /** Builds and starts the ANS; {@code http*} benchmarks also get a client and JSON bodies. */
        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws IOException {
            String dir = System.getProperty("acf.bench.dir");
            data = dir == null ? Files.createTempDirectory("acf-registration-")
                    : Files.createTempDirectory(Path.of(dir), "acf-registration-");
            server = AnsServer.builder()
                    .domain(RegistrationPool.DOMAIN)
                    .dataDirectory(data)
                    .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                    .semanticResolution(semanticResolution)
                    .build()
                    .start();
            boolean http = params.getBenchmark().contains(".http");
            // Enough fresh names for an iteration at well over 1,000 registrations per second.
            pool = new RegistrationPool("t" + params.getThreads() + "-", Math.max(6_000, params.getThreads() * 700), http);
            if (http) {
                client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
                agents = server.baseUri().resolve("/v1/agents");
            }
        }

        /** Makes the registrations of the next iteration (not measured). */
        @Setup(Level.Iteration)
        public void refill() {
            pool.refill();
        }

        /** Closes the ANS and deletes its data. */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (pool.misses() > 0) {
                LOG.warn("{} registrations were made during measurement: the pool ran dry", pool.misses());
            }
            if (client != null) {
                client.close();
            }
            server.close();
            deleteTree(data);
        }

        RegistrationResult register() {
            RegistrationResult result = server.service().register(pool.take().request(), TOKEN);
            if (!(result instanceof RegistrationResult.Registered)) {
                throw new IllegalStateException("expected a certified registration, got " + result);
            }
            return result;
        }

        int post() throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(agents)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pool.take().body()))
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("expected 201, got " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length;
        }
    }

    /** One thread registering through the Java API. */
    @Benchmark
    @Threads(1)
    public RegistrationResult javaApi1Thread(Ans ans) {
        return ans.register();
    }

    /** Four threads registering through the Java API. */
    @Benchmark
    @Threads(4)
    public RegistrationResult javaApi4Threads(Ans ans) {
        return ans.register();
    }

    /**
     * Sixteen threads registering through the Java API: a registration storm from many agents,
     * whose durable writes share fsyncs (group commit) more than four threads' can.
     */
    @Benchmark
    @Threads(16)
    public RegistrationResult javaApi16Threads(Ans ans) {
        return ans.register();
    }

    /** One client thread registering over HTTP. */
    @Benchmark
    @Threads(1)
    public int http1Thread(Ans ans) throws IOException, InterruptedException {
        return ans.post();
    }

    /** Four client threads registering over HTTP. */
    @Benchmark
    @Threads(4)
    public int http4Threads(Ans ans) throws IOException, InterruptedException {
        return ans.post();
    }

    /** Sixteen client threads registering over HTTP. */
    @Benchmark
    @Threads(16)
    public int http16Threads(Ans ans) throws IOException, InterruptedException {
        return ans.post();
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
