package io.sigil.crypto.dkls23;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signing party {@code P}: exactly {@code t} members with distinct committee indices and
 * distinct node ids, kept in ascending index order because every hash over {@code P} uses that
 * order (spec §1.5, §6.3 E1, §6.4 E2).
 */
public final class SigningParty {

    private final List<PartyId> members;

    private SigningParty(List<PartyId> members) {
        this.members = members;
    }

    /** Validates distinct indices and node ids; the order of {@code members} does not matter. */
    public static SigningParty of(List<PartyId> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("a signing party has at least two members");
        }
        Set<Integer> indices = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (PartyId member : members) {
            if (!indices.add(member.index())) {
                throw new IllegalArgumentException("duplicate committee index " + member.index());
            }
            if (!nodes.add(member.nodeId())) {
                throw new IllegalArgumentException("duplicate node id " + member.nodeId());
            }
        }
        List<PartyId> sorted = new ArrayList<>(members);
        Collections.sort(sorted);
        return new SigningParty(List.copyOf(sorted));
    }

    public static SigningParty of(PartyId... members) {
        return of(List.of(members));
    }

    /** Members in ascending committee index. */
    public List<PartyId> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public List<Integer> indices() {
        return members.stream().map(PartyId::index).toList();
    }

    public boolean contains(PartyId party) {
        return members.contains(party);
    }

    public Optional<PartyId> byNode(String nodeId) {
        return members.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst();
    }

    /** All members except {@code self}, ascending. */
    public List<PartyId> others(PartyId self) {
        return members.stream().filter(m -> !m.equals(self)).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningParty that && members.equals(that.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return members.toString();
    }
}
