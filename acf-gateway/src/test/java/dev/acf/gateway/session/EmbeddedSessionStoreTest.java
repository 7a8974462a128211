package dev.acf.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.session.Checkpoint;
import dev.acf.api.session.SessionEvent;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreContractTest;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The in-memory embedded store passes the kit and keeps its bounds. */
class EmbeddedSessionStoreTest extends SessionStoreContractTest {

    @Override
    protected SessionStore newStore() {
        return EmbeddedSessionStore.builder().build();
    }

    @Test
    void isDiscoverableThroughServiceLoaderAsEmbedded() {
        try (SessionStore discovered = ExtensionLoader.resolve(null, SessionStoreProvider.class, getClass().getClassLoader(),
                EmbeddedSessionStoreProvider.NAME, ProviderConfig.of(Map.of(EmbeddedSessionStoreProvider.MAX_AGE, "5m")))) {
            assertThat(discovered).isInstanceOf(EmbeddedSessionStore.class);
        }
    }

    @Test
    void onlyTheNewestEventsOfASessionAreKeptAndNumberingGoesOn() {
        try (EmbeddedSessionStore small = EmbeddedSessionStore.builder().maxEventsPerSession(3).build()) {
            for (int i = 1; i <= 5; i++) {
                small.append("task-1", "message", "e" + i);
            }
            small.append("task-2", "message", "other");

            assertThat(small.eventsAfter("task-1", 0, 10)).extracting(SessionEvent::sequence).containsExactly(3L, 4L, 5L);
            assertThat(small.eventsAfter("task-1", 3, 10)).extracting(SessionEvent::data).containsExactly("e4", "e5");
            assertThat(small.append("task-1", "message", "e6").sequence()).isEqualTo(6);
            assertThat(small.size()).isEqualTo(4);
        }
    }

    @Test
    void eventsOlderThanTheMaximumAgeAreDroppedAndIdleSessionsForgotten() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        try (EmbeddedSessionStore aging = EmbeddedSessionStore.builder().maxAge(Duration.ofMinutes(10)).clock(clock).build()) {
            aging.append("old", "message", "o1");
            aging.checkpoint(new Checkpoint("old", 1, new byte[] {1}, clock.instant()));
            clock.advance(Duration.ofMinutes(6));
            aging.append("young", "message", "y1");
            aging.append("old", "message", "o2");
            clock.advance(Duration.ofMinutes(5));

            assertThat(aging.eventsAfter("old", 0, 10)).extracting(SessionEvent::data).containsExactly("o2");
            assertThat(aging.eventsAfter("young", 0, 10)).extracting(SessionEvent::data).containsExactly("y1");

            clock.advance(Duration.ofMinutes(6));

            assertThat(aging.eventsAfter("old", 0, 10)).isEmpty();
            assertThat(aging.lastCheckpoint("old")).isEmpty();
            assertThat(aging.size()).isZero();
        }
    }

    @Test
    void allSessionsTogetherStayUnderTheByteBoundOldestFirst() {
        String kilobyte = "x".repeat(1024);
        try (EmbeddedSessionStore bounded = EmbeddedSessionStore.builder().maxBytes(64 * 1024).build()) {
            for (int i = 0; i < 200; i++) {
                bounded.append("task-" + (i % 4), "message", kilobyte);
            }

            long kept = bounded.size();
            assertThat(kept).isBetween(50L, 64L);
            // The newest events survive, in every session, without gaps from the first kept.
            for (int t = 0; t < 4; t++) {
                var events = bounded.eventsAfter("task-" + t, 0, 1000);
                long first = events.get(0).sequence();
                assertThat(events).extracting(SessionEvent::sequence)
                        .containsExactlyElementsOf(LongStream.rangeClosed(first, 50).boxed().toList());
            }
        }
    }

    @Test
    void theLeastRecentlyUsedSessionGoesBeyondTheSessionBound() {
        try (EmbeddedSessionStore few = EmbeddedSessionStore.builder().maxSessions(2).build()) {
            few.append("a", "message", "1");
            few.append("b", "message", "1");
            few.eventsAfter("a", 0, 1);
            few.append("c", "message", "1");

            assertThat(few.lastEvent("a")).isPresent();
            assertThat(few.lastEvent("b")).isEmpty();
            assertThat(few.lastEvent("c")).isPresent();
        }
    }
}
