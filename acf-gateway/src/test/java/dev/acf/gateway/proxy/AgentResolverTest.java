package dev.acf.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.testkit.SampleAgents;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AgentResolverTest {
    static final AgentRecord RCA = SampleAgents.record("ans://v1.0.0.rca.ops.example.net");

    /** Counts lookups and lets the test fire events. */
    static final class CountingLookup implements AnsLookup {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicReference<Consumer<AgentEvent>> listener = new AtomicReference<>();
        final AtomicInteger closedSubscriptions = new AtomicInteger();

        @Override
        public Optional<AgentRecord> lookup(AgentName name) {
            lookups.incrementAndGet();
            return name.fqdn().equals(RCA.name().fqdn()) ? Optional.of(RCA) : Optional.empty();
        }

        @Override
        public AutoCloseable subscribe(Consumer<AgentEvent> l) {
            listener.set(l);
            return closedSubscriptions::incrementAndGet;
        }
    }

    @Test
    void answersAreCachedUntilAnEventForAnyVersionOfTheAgent() {
        CountingLookup lookup = new CountingLookup();
        try (AgentResolver resolver = new AgentResolver(lookup, Duration.ofMinutes(5))) {
            assertThat(resolver.resolve(RCA.name().withoutVersion())).hasValue(RCA);
            assertThat(resolver.resolve(RCA.name().withoutVersion())).hasValue(RCA);
            assertThat(resolver.resolve(AgentName.parse("ans://ghost.ops.example.net"))).isEmpty();
            assertThat(resolver.resolve(AgentName.parse("ans://ghost.ops.example.net"))).isEmpty();
            assertThat(lookup.lookups).hasValue(2);

            lookup.listener.get().accept(new AgentEvent(AgentEvent.Type.WITHDRAWN, RCA));

            assertThat(resolver.resolve(RCA.name().withoutVersion())).hasValue(RCA);
            assertThat(lookup.lookups).hasValue(3);
        }
        assertThat(lookup.closedSubscriptions).hasValue(1);
    }

    @Test
    void answersExpireAfterTheTtl() {
        CountingLookup lookup = new CountingLookup();
        try (AgentResolver resolver = new AgentResolver(lookup, Duration.ofNanos(1))) {
            resolver.resolve(RCA.name());
            resolver.resolve(RCA.name());

            assertThat(lookup.lookups).hasValue(2);
        }
    }
}
