package io.sigil.registry;

import java.util.Arrays;
import java.util.Optional;

/** What a node does in the network. The wire name is what registries and APIs spell. */
public enum Role {
    SIGNING_CLIENT("signing-client"),
    COMMITTEE_LEADER("committee-leader"),
    COMMUNICATION_MANAGER("communication-manager");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
