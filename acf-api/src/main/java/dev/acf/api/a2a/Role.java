package dev.acf.api.a2a;

import java.util.Optional;

/** Who sent a {@link Message}: the client ({@link #USER}) or the remote agent ({@link #AGENT}). */
public enum Role {
    /** The message is from the client to the agent. */
    USER(1, "ROLE_USER", "user"),
    /** The message is from the agent to the client. */
    AGENT(2, "ROLE_AGENT", "agent");

    private final int protoNumber;
    private final String v10Name;
    private final String v03Name;

    Role(int protoNumber, String v10Name, String v03Name) {
        this.protoNumber = protoNumber;
        this.v10Name = v10Name;
        this.v03Name = v03Name;
    }

    /** Returns the wire name for a version: {@code ROLE_USER} in v1.0, {@code user} in v0.3. */
    public String wireName(A2aVersion version) {
        return version == A2aVersion.V1_0 ? v10Name : v03Name;
    }

    /** Returns the role with this wire name in either version, if any. */
    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.v10Name.equals(name) || role.v03Name.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Returns the role with this protobuf enum number (ProtoJSON readers accept numbers), if any. */
    static Optional<Role> fromProtoNumber(int number) {
        for (Role role : values()) {
            if (role.protoNumber == number) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
