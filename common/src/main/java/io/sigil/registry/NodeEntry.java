package io.sigil.registry;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * One node of the network as the registry pins it. {@code committee} is present for signing
 * clients and committee leaders and absent for managers.
 */
public record NodeEntry(
        String id,
        Set<Role> roles,
        Optional<Integer> committee,
        URI url,
        PublicKeyBytes identityKey,
        PublicKeyBytes encryptionKey) {

    public NodeEntry {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean inCommittee(int index) {
        return committee.isPresent() && committee.get() == index;
    }
}
