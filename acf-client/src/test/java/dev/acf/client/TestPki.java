package dev.acf.client;

import dev.acf.api.name.AgentName;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A CA for tests outside this package: certifies freshly generated identities as ANS would. */
public final class TestPki {
    private final TestCa ca;

    /** Creates a new CA. */
    public TestPki() throws Exception {
        this.ca = new TestCa();
    }

    /** Returns a new identity for the name, certified by this CA for a day. */
    public AgentIdentity certify(AgentName name) throws Exception {
        AgentIdentity identity = AgentIdentity.generate(name);
        identity.install(identity.state().key(), ca.certify(identity.csrPem(), Duration.ofDays(1)), List.of(ca.root()), Clock.systemUTC());
        return identity;
    }
}
