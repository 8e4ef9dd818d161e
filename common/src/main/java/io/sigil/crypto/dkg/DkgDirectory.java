package io.sigil.crypto.dkg;

import io.sigil.identity.PeerKeys;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The signing nodes of one registry epoch as key generation needs them: who is in which
 * committee and with which pinned keys (to seal shares to and to check acknowledgements).
 * {@link #of(Registry)} reads the registry; tests build one from a list.
 */
public final class DkgDirectory {

    /** A signing node, its committee and its pinned public keys. */
    public record Member(String nodeId, int committee, PeerKeys keys) {
    }

    private final int committeeCount;
    private final Map<String, Member> byNode = new TreeMap<>();

    private DkgDirectory(int committeeCount, List<Member> members) {
        this.committeeCount = committeeCount;
        for (Member member : members) {
            if (member.committee() < 1 || member.committee() > committeeCount) {
                throw new IllegalArgumentException("dkg directory: node " + member.nodeId() + " in committee "
                        + member.committee() + " outside 1.." + committeeCount);
            }
            if (byNode.put(member.nodeId(), member) != null) {
                throw new IllegalArgumentException("dkg directory: node " + member.nodeId() + " listed twice");
            }
        }
    }

    public static DkgDirectory of(int committeeCount, List<Member> members) {
        return new DkgDirectory(committeeCount, members);
    }

    /** The signing clients of {@code registry} (leaders and managers hold no shares). */
    public static DkgDirectory of(Registry registry) {
        List<Member> members = new ArrayList<>();
        for (NodeEntry node : registry.nodesWithRole(Role.SIGNING_CLIENT)) {
            members.add(new Member(node.id(), node.committee().orElseThrow(), PeerKeys.of(node)));
        }
        return new DkgDirectory(registry.committeeCount(), members);
    }

    /** n, the number of committees. */
    public int committeeCount() {
        return committeeCount;
    }

    public Optional<Member> member(String nodeId) {
        return Optional.ofNullable(byNode.get(nodeId));
    }

    /** Every signing node, ordered by node id. */
    public List<Member> members() {
        return List.copyOf(byNode.values());
    }

    /** The signing nodes (replicas) of committee {@code index}, ordered by node id. */
    public List<Member> signingNodes(int index) {
        return byNode.values().stream().filter(member -> member.committee() == index).toList();
    }
}
