package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REL-1 at the level of the whole ANS: {@code kill -9} in the middle of a registration storm
 * over real HTTP loses no registration that was answered 201. A child JVM ({@link AnsNodeMain})
 * serves the ANS; client threads here register agents until a few hundred are acknowledged,
 * the child is killed with SIGKILL, a new child opens the same data, and every acknowledged
 * agent must resolve, with a certificate its CA still knows as good.
 */
@Tag("it")
class AnsKillTest {
    private static final int ACKS_BEFORE_KILL = 200;
    private static final int CLIENTS = 3;

    @TempDir
    Path temp;

    @Test
    void killedAnsLosesNoAcknowledgedRegistration() throws Exception {
        assertKillLosesNoAcknowledgedRegistration(temp.resolve("ans"));
    }

    @Test
    void killedAnsOnPostgresLosesNoAcknowledgedRegistration() throws Exception {
        // zonky turns synchronous_commit off for speed; here a commit must mean durable, as in production.
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
            assertKillLosesNoAcknowledgedRegistration(temp.resolve("ans"), postgres.getJdbcUrl("postgres", "postgres"), "postgres", "ans");
        }
    }

    private void assertKillLosesNoAcknowledgedRegistration(Path data, String... store) throws Exception {
        Node node = Node.start(temp, data, store);
        Storm storm = Storm.start(node.base());
        await().atMost(Duration.ofSeconds(120))
                .failFast("the ANS exited early: " + node.stderr(), () -> !node.process().isAlive())
                .failFast("a registration failed: " + storm.failures(), () -> !storm.failures().isEmpty())
                .until(() -> storm.acked().size() >= ACKS_BEFORE_KILL);
        assertThat(node.process().isAlive()).as("ANS still registering at the kill").isTrue();
        node.kill();
        storm.join();
        Map<String, BigInteger> acked = Map.copyOf(storm.acked());
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(storm.failures()).as("refused registrations before the kill").isEmpty();

        Node restarted = Node.start(temp, data, store);
        try {
            AnsHttp http = new AnsHttp(restarted.base());
            List<String> lost = acked.keySet().stream()
                    .filter(name -> http.get("/v1/agents/" + AnsHttp.encode(name)).status() != 200)
                    .toList();
            assertThat(lost).as("acknowledged (201) but unresolvable after kill -9").isEmpty();
            List<String> forgotten = acked.entrySet().stream()
                    .filter(e -> !caStatus(http, e.getValue()).equals("good"))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(forgotten).as("acknowledged agents whose certificate the CA no longer knows as good").isEmpty();
            // Registrations cut by the kill may or may not have happened; one that did is whole.
            for (String name : storm.inFlight()) {
                AnsHttp.Answer answer = http.get("/v1/agents/" + AnsHttp.encode(name));
                if (answer.status() == 200) {
                    BigInteger serial = leaf(answer.json().path("agent").path("certificate").asText()).getSerialNumber();
                    assertThat(caStatus(http, serial)).as("CA status of in-flight %s", name).isEqualTo("good");
                }
            }
            String first = acked.keySet().iterator().next();
            assertThat(http.post("/v1/agents", AnsNodeMain.TOKEN, AnsServerTest.registration(first, TestCsr.ecKey())).status())
                    .as("an acknowledged name stays taken").isEqualTo(409);
            assertThat(http.post("/v1/agents", AnsNodeMain.TOKEN,
                    AnsServerTest.registration("ans://v1.0.0.after-restart.ops.example.net", TestCsr.ecKey())).status())
                    .as("the restarted ANS registers again").isEqualTo(201);
        } finally {
            restarted.kill();
        }
    }

    private static String caStatus(AnsHttp http, BigInteger serial) {
        return http.get("/v1/ca/status/" + serial.toString(16)).json().path("status").asText();
    }

    static X509Certificate leaf(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A child JVM serving the ANS. */
    private record Node(Process process, URI base, Path stderrFile) {

        static Node start(Path temp, Path data, String... store) throws IOException {
            Path stderr = Files.createTempFile(temp, "ans", ".err");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    AnsNodeMain.class.getName(), data.toString()));
            command.addAll(List.of(store));
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the ANS did not start: " + line + "\n" + Files.readString(stderr));
            }
            return new Node(process, URI.create(line.substring("listening ".length())), stderr);
        }

        /** Sends SIGKILL and waits until the process is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        String stderr() {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /**
     * Client threads registering fresh agents until the ANS stops answering. A name enters
     * {@link #acked} only once its 201 answer was read in full.
     */
    private record Storm(List<Thread> threads, Map<String, BigInteger> acked, Set<String> attempted, List<String> failures) {

        static Storm start(URI base) {
            Storm storm = new Storm(new ArrayList<>(), new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(), new CopyOnWriteArrayList<>());
            for (int t = 0; t < CLIENTS; t++) {
                int client = t;
                storm.threads().add(Thread.ofPlatform().daemon().start(() -> storm.register(new AnsHttp(base), client)));
            }
            return storm;
        }

        private void register(AnsHttp http, int client) {
            for (int i = 0; ; i++) {
                String name = "ans://v1.0.0.storm" + client + "-" + i + ".ops.example.net";
                Map<String, Object> body = AnsServerTest.registration(name, TestCsr.ecKey());
                attempted.add(name);
                AnsHttp.Answer answer;
                try {
                    answer = http.post("/v1/agents", AnsNodeMain.TOKEN, body);
                } catch (UncheckedIOException killed) {
                    return; // the ANS is gone: this registration is in flight, neither acknowledged nor refused
                }
                if (answer.status() != 201) {
                    failures.add(name + ": " + answer.status() + " " + answer.text());
                    return;
                }
                JsonNode json = answer.json();
                acked.put(name, leaf(json.path("certificateChain").asText()).getSerialNumber());
            }
        }

        void join() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
                assertThat(thread.isAlive()).as("client thread ended after the kill").isFalse();
            }
        }

        List<String> inFlight() {
            return attempted.stream().filter(name -> !acked.containsKey(name)).toList();
        }
    }
}
