package dev.acf.ans.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REL-1: {@code kill -9} of a node in the middle of a registration storm loses no acknowledged
 * write. A child JVM puts records and prints each acknowledged name; the test kills it with
 * SIGKILL after a few hundred acknowledgements, reopens the store and looks for every name.
 */
@Tag("it")
class RegistryKillTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path temp;

    @Test
    void killedEmbeddedNodeLosesNoAcknowledgedPut() throws Exception {
        Path directory = temp.resolve("registry");

        Storm storm = Storm.start(temp, "embedded", directory.toString());
        storm.awaitAcks(ACKS_BEFORE_KILL);
        // The live child holds the directory: this JVM may not open it meanwhile.
        assertThatThrownBy(() -> EmbeddedRegistryStore.open(directory))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("in use");
        List<String> acked = storm.kill();

        try (RegistryStore store = EmbeddedRegistryStore.open(directory)) {
            assertEveryAcknowledgedPutIsPresent(store, acked, storm);
        }
    }

    @Test
    void killedPostgresNodeLosesNoAcknowledgedPut() throws Exception {
        try (EmbeddedPostgres postgres = TestPostgres.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");

            Storm storm = Storm.start(temp, "jdbc", url, "postgres", "storm");
            storm.awaitAcks(ACKS_BEFORE_KILL);
            List<String> acked = storm.kill();

            try (RegistryStore store = JdbcRegistryStore.open(JdbcRegistryStoreTest.config(postgres, "storm"))) {
                assertEveryAcknowledgedPutIsPresent(store, acked, storm);
            }
        }
    }

    private static void assertEveryAcknowledgedPutIsPresent(RegistryStore store, List<String> acked, Storm storm) {
        assertThat(acked).as("acknowledged puts (child stderr: %s)", storm.stderr()).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        List<String> missing = acked.stream().filter(n -> store.find(AgentName.parse(n)).isEmpty()).toList();
        assertThat(missing).as("acknowledged but lost after kill -9").isEmpty();
        // Writes in flight at the kill may or may not be there; the feed has no hole either way.
        long count = store.count();
        List<Change> feed = store.changesSince(Cursor.START, (int) count + 10);
        assertThat(feed).extracting(c -> c.cursor().position())
                .containsExactly(LongStream.rangeClosed(1, count).boxed().toArray(Long[]::new));
        assertThat(store.head()).isEqualTo(new Cursor(count));
    }

    /** A running child JVM and the acknowledgements it printed. */
    private record Storm(Process process, Queue<String> acks, Thread reader, Path stderrFile) {

        static Storm start(Path temp, String... args) throws IOException {
            Path stderr = Files.createTempFile(temp, "storm", ".err");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    RegistryStormMain.class.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            Queue<String> acks = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(process, acks));
            return new Storm(process, acks, reader, stderr);
        }

        /** Collects only complete lines: a line cut by the kill could name a record never written. */
        private static void readLines(Process process, Queue<String> acks) {
            try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder();
                int ch;
                while ((ch = in.read()) >= 0) {
                    if (ch == '\n') {
                        acks.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) ch);
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies; what was read is what was acknowledged
            }
        }

        void awaitAcks(int n) {
            await().atMost(Duration.ofSeconds(90))
                    .failFast("the child exited early: " + stderr(), () -> !process.isAlive())
                    .until(() -> acks.size() >= n);
        }

        /** Sends SIGKILL while the child is still writing, then returns every acknowledgement it printed. */
        List<String> kill() throws InterruptedException {
            assertThat(process.isAlive()).as("child still storming at the kill").isTrue();
            process.destroyForcibly();
            process.waitFor();
            reader.join();
            return List.copyOf(acks);
        }

        String stderr() {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
