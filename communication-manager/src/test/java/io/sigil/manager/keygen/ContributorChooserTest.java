package io.sigil.manager.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contributor set D of keygen §2.2/§2.7: t distinct committees, registered nodes, never an excluded one. */
class ContributorChooserTest {
    private static final PeerKeys KEYS = keys();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyChoiceHasTDistinctCommitteesOfRegisteredNodesAndNoExcludedNode(long seed) {
        Random random = new Random(seed);
        DkgDirectory directory = directory(5, 3);
        List<String> all = directory.members().stream().map(DkgDirectory.Member::nodeId).toList();
        for (int round = 0; round < 200; round++) {
            int threshold = 2 + random.nextInt(4);
            Set<String> excluded = new HashSet<>();
            for (String node : all) {
                if (random.nextInt(4) == 0) {
                    excluded.add(node);
                }
            }
            Optional<SortedMap<Integer, String>> chosen = ContributorChooser.choose(directory, threshold,
                    1 + random.nextInt(5), random.nextInt(1 << 16), excluded);
            long usableCommittees = java.util.stream.IntStream.rangeClosed(1, 5).filter(committee ->
                    directory.signingNodes(committee).stream().anyMatch(member -> !excluded.contains(member.nodeId())))
                    .count();
            assertThat(chosen.isPresent()).isEqualTo(usableCommittees >= threshold);
            chosen.ifPresent(set -> {
                assertThat(set).hasSize(threshold);
                set.forEach((committee, node) -> {
                    assertThat(excluded).doesNotContain(node);
                    assertThat(directory.member(node).orElseThrow().committee()).isEqualTo(committee);
                });
            });
        }
    }

    private static DkgDirectory directory(int committees, int replicas) {
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            for (int replica = 0; replica < replicas; replica++) {
                members.add(new DkgDirectory.Member("node-" + committee + (char) ('a' + replica), committee, KEYS));
            }
        }
        return DkgDirectory.of(committees, members);
    }

    private static PeerKeys keys() {
        NodeIdentity identity = NodeIdentity.generate();
        return PeerKeys.of(identity.identityKey(), identity.encryptionKey());
    }
}
