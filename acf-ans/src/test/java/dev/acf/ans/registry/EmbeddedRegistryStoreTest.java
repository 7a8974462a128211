package dev.acf.ans.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.RegistryStoreContractTest;
import dev.acf.api.registry.RegistryStoreProvider;
import dev.acf.api.registry.Revision;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.testkit.SampleAgents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryStoreTest extends RegistryStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected RegistryStore newStore() {
        return EmbeddedRegistryStore.open(directory);
    }

    @Override
    protected RegistryStore reopen(RegistryStore closed) {
        return EmbeddedRegistryStore.open(directory);
    }

    private Path logFile() {
        return directory.resolve(RegistryLog.LOG_FILE);
    }

    private static AgentRecord agent(int i) {
        return SampleAgents.record("ans://v1.0.0.agent" + i + ".ops.example.net");
    }

    @Test
    void recordsSurviveReopenWithEqualContent() {
        List<StoredAgent> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Revision r = store.put(agent(i), Revision.NONE);
            written.add(new StoredAgent(agent(i), r));
        }
        List<Change> feed = store.changesSince(Cursor.START, 100);
        store.close();

        store = EmbeddedRegistryStore.open(directory);

        for (StoredAgent s : written) {
            assertThat(store.find(s.record().name())).contains(s);
        }
        assertThat(store.changesSince(Cursor.START, 100)).isEqualTo(feed);
        assertThat(store.put(agent(99), Revision.NONE)).isEqualTo(new Revision(1));
        assertThat(store.head()).isEqualTo(new Cursor(21));
    }

    @Test
    void tornTailIsTruncatedAndEarlierEntriesKept() throws IOException {
        for (int i = 0; i < 5; i++) {
            store.put(agent(i), Revision.NONE);
        }
        store.close();
        long intact = Files.size(logFile());
        byte[] half = Arrays.copyOf(RegistryLog.frame("{\"cursor\":6}".getBytes(StandardCharsets.UTF_8)).array(), 9);
        Files.write(logFile(), half, StandardOpenOption.APPEND);

        store = EmbeddedRegistryStore.open(directory);

        assertThat(Files.size(logFile())).isEqualTo(intact);
        assertThat(store.count()).isEqualTo(5);
        assertThat(store.head()).isEqualTo(new Cursor(5));
        store.put(agent(5), Revision.NONE);
        store.close();
        store = EmbeddedRegistryStore.open(directory);
        assertThat(store.changesSince(Cursor.START, 10)).extracting(c -> c.cursor().position()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(store.find(agent(5).name())).isPresent();
    }

    @Test
    void garbageAfterTheLastEntryIsTruncated() throws IOException {
        store.put(agent(1), Revision.NONE);
        store.close();
        long intact = Files.size(logFile());
        Files.write(logFile(), "\0\0\0\0garbage that is no frame".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

        store = EmbeddedRegistryStore.open(directory);

        assertThat(Files.size(logFile())).isEqualTo(intact);
        assertThat(store.find(agent(1).name())).isPresent();
    }

    @Test
    void entryWithABadChecksumEndsTheLogAndValidEntriesAfterItAreKeptAside() throws IOException {
        long secondEntry;
        for (int i = 0; i < 3; i++) {
            store.put(agent(i), Revision.NONE);
        }
        store.close();
        try (FileChannel ch = FileChannel.open(logFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer firstLength = ByteBuffer.allocate(4);
            ch.read(firstLength, RegistryLog.HEADER_SIZE + 4);
            secondEntry = RegistryLog.HEADER_SIZE + RegistryLog.FRAME_OVERHEAD + firstLength.getInt(0);
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = secondEntry + RegistryLog.FRAME_OVERHEAD + 20;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, at);
        }

        store = EmbeddedRegistryStore.open(directory);

        assertThat(store.head()).isEqualTo(new Cursor(1));
        assertThat(Files.size(logFile())).isEqualTo(secondEntry);
        Path aside = directory.resolve(RegistryLog.LOG_FILE + ".discarded-" + secondEntry);
        assertThat(aside).exists();
        assertThat(Files.readString(aside, StandardCharsets.ISO_8859_1)).contains(agent(2).name().fqdn());
    }

    @Test
    void secondOpenOfALockedDirectoryFailsClearly() {
        assertThatThrownBy(() -> EmbeddedRegistryStore.open(directory))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("in use by another registry store")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }

    @Test
    void directoryIsReleasedOnClose() {
        store.close();

        store = EmbeddedRegistryStore.open(directory);

        assertThat(store.count()).isZero();
    }

    @Test
    void aFileThatIsNotARegistryLogIsRefused() throws IOException {
        store.close();
        Files.writeString(logFile(), "something else entirely");

        assertThatThrownBy(() -> EmbeddedRegistryStore.open(directory))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not an ACF registry log");
        store = EmbeddedRegistryStore.open(directory.resolve("fresh"));
    }

    @Test
    void closedStoreRefusesWritesAsUnavailable() {
        store.close();

        assertThatThrownBy(() -> store.put(agent(1), Revision.NONE)).isInstanceOf(UnavailableException.class);
        store.close();
    }

    @Test
    void changesReadBackFromTheLogCarryTheWrittenRecords() {
        AgentRecord a = agent(1);
        Revision r = store.put(a, Revision.NONE);
        AgentRecord revoked = a.toBuilder().status(AgentStatus.REVOKED).build();
        store.put(revoked, r);

        List<Change> changes = store.changesSince(new Cursor(1), 10);

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.UPDATED);
            assertThat(c.agent()).isEqualTo(new StoredAgent(revoked, new Revision(2)));
        });
    }

    @Test
    void isTheDefaultProviderAndReadsTheDataDirectory() {
        store.close();
        RegistryStore discovered = ExtensionLoader.resolve(null, RegistryStoreProvider.class, getClass().getClassLoader(), null,
                ProviderConfig.empty().with(ProviderConfig.DATA_DIRECTORY, directory.toString()));
        store = discovered;

        assertThat(discovered).isInstanceOf(EmbeddedRegistryStore.class);
        assertThat(((EmbeddedRegistryStore) discovered).directory()).isEqualTo(directory);
        try (Stream<StoredAgent> all = discovered.scan()) {
            assertThat(all).isEmpty();
        }
    }
}
