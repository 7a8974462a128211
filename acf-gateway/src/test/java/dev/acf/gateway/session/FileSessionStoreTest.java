package dev.acf.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreContractTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store with its file passes the kit, durability included, and survives a torn last line. */
class FileSessionStoreTest extends SessionStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected SessionStore newStore() {
        return EmbeddedSessionStore.builder().directory(directory).build();
    }

    @Override
    protected SessionStore reopen(SessionStore closed) {
        return newStore();
    }

    @Test
    void aLineTornByACrashIsSkippedAndTheRestIsKept() throws IOException {
        store.append("task-1", "message", "kept");
        store.append("task-1", "message", "kept too");
        store.close();
        Files.writeString(directory.resolve(SessionLog.FILE), "{\"op\":\"event\",\"session\":\"task-1\",\"seq\":3,\"da",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        store = newStore();

        assertThat(store.eventsAfter("task-1", 0, 10)).extracting(SessionEvent::data).containsExactly("kept", "kept too");
        assertThat(store.append("task-1", "message", "next").sequence()).isEqualTo(3);
    }

    @Test
    void numberingContinuesAfterRetentionDroppedEveryEventAndTheFileWasCompacted() {
        store.close();
        store = EmbeddedSessionStore.builder().directory(directory).maxEventsPerSession(2).build();
        for (int i = 1; i <= 5; i++) {
            store.append("task-1", "message", "e" + i);
        }
        store.close();

        store = EmbeddedSessionStore.builder().directory(directory).maxEventsPerSession(2).build();

        assertThat(store.eventsAfter("task-1", 0, 10)).extracting(SessionEvent::sequence).containsExactly(4L, 5L);
        assertThat(store.append("task-1", "message", "e6").sequence()).isEqualTo(6);
    }
}
