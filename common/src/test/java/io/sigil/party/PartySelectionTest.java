package io.sigil.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.crypto.hash.Encoding;
import io.sigil.identity.NodeIdentity;
import io.sigil.registry.Committee;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every input is fixed (digests derived from counters), so each run checks the same cases. */
class PartySelectionTest {
    private static final int COMMITTEES = 5;
    private static final int REPLICAS = 3;
    private static final Point PUBLIC_KEY = Point.baseMultiply(Scalar.fromLong(123456789L));
    private static Registry registry;

    @BeforeAll
    static void registry() throws Exception {
        List<NodeDocument> nodes = new ArrayList<>();
        List<CommitteeDocument> committees = new ArrayList<>();
        int port = 9000;
        for (int committee = 1; committee <= COMMITTEES; committee++) {
            committees.add(new CommitteeDocument(committee, "committee-" + committee));
            for (int replica = 0; replica < REPLICAS; replica++) {
                nodes.add(node("node-" + committee + (char) ('a' + replica), "signing-client", committee, port++));
            }
            nodes.add(node("leader-" + committee, "committee-leader", committee, port++));
        }
        nodes.add(node("manager-1", "communication-manager", null, port));
        registry = Registry.fromDocument(new RegistryDocument("selection-test", 7L, 3, committees, nodes,
                OperatorKey.governance(1, List.of(OperatorKey.generate("operator-1")))), "test");
    }

    private static NodeDocument node(String id, String role, Integer committee, int port) {
        NodeIdentity keys = NodeIdentity.generate();
        return new NodeDocument(id, List.of(role), committee, "http://127.0.0.1:" + port,
                keys.identityKey().toHex(), keys.encryptionKey().toHex());
    }

    private static byte[] digest(int i) {
        return MessageDigests.sha256(Encoding.u32(i));
    }

    private static SigningParty select(int i, int attempt, int threshold, Set<String> excluded) {
        return PartySelection.select(registry, PUBLIC_KEY, digest(i), "r" + i, attempt, threshold, excluded);
    }

    @Test
    void theSameInputsAlwaysGiveTheSameParty() {
        for (int i = 0; i < 200; i++) {
            assertThat(select(i, 1, 3, Set.of("node-2a"))).isEqualTo(select(i, 1, 3, Set.of("node-2a")));
        }
    }

    @Test
    void everyInputChangesTheSeed() {
        byte[] base = PartySelection.seed(PUBLIC_KEY, digest(1), "r1", 1);
        assertThat(PartySelection.seed(PUBLIC_KEY, digest(2), "r1", 1)).isNotEqualTo(base);
        assertThat(PartySelection.seed(PUBLIC_KEY, digest(1), "r2", 1)).isNotEqualTo(base);
        assertThat(PartySelection.seed(PUBLIC_KEY, digest(1), "r1", 2)).isNotEqualTo(base);
        assertThat(PartySelection.seed(PUBLIC_KEY.add(Point.generator()), digest(1), "r1", 1)).isNotEqualTo(base);
    }

    @Test
    void aPartyIsThresholdDistinctCommitteesOfSigningNodesNeverExcluded() {
        List<Set<String>> exclusions = List.of(Set.of(), Set.of("node-1a", "node-1b"), Set.of("node-3a", "node-3b",
                "node-3c", "node-4c"), Set.of("node-1a", "node-2b", "node-5c", "manager-1"));
        for (int i = 0; i < 300; i++) {
            for (Set<String> excluded : exclusions) {
                for (int threshold = 2; threshold <= 4; threshold++) {
                    SigningParty party = select(i, 1 + i % 3, threshold, excluded);
                    assertThat(party.size()).isEqualTo(threshold);
                    assertThat(new HashSet<>(party.indices())).hasSize(threshold);
                    for (PartyId member : party.members()) {
                        assertThat(excluded).doesNotContain(member.nodeId());
                        assertThat(registry.committee(member.index()).orElseThrow().signingNodes())
                                .anyMatch(node -> node.id().equals(member.nodeId()));
                    }
                }
            }
        }
    }

    @Test
    void fewerEligibleCommitteesThanTheThresholdIsATypedFailure() {
        Set<String> excluded = Set.of("node-1a", "node-1b", "node-1c", "node-2a", "node-2b", "node-2c", "node-3a",
                "node-3b", "node-3c");
        assertThat(select(1, 1, 2, excluded).indices()).containsExactly(4, 5);
        assertThatThrownBy(() -> select(1, 1, 3, excluded)).isInstanceOf(NotEnoughCommitteesException.class)
                .satisfies(e -> {
                    assertThat(((NotEnoughCommitteesException) e).eligible()).isEqualTo(2);
                    assertThat(((NotEnoughCommitteesException) e).threshold()).isEqualTo(3);
                });
        assertThatThrownBy(() -> select(1, 1, 6, Set.of())).isInstanceOf(NotEnoughCommitteesException.class);
        assertThatThrownBy(() -> select(1, 1, 1, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> select(1, 0, 2, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void excludingOneReplicaMovesTheCommitteeToAnotherReplica() {
        int moved = 0;
        for (int i = 0; i < 100; i++) {
            SigningParty first = select(i, 1, 3, Set.of());
            PartyId culprit = first.members().get(0);
            SigningParty second = select(i, 1, 3, Set.of(culprit.nodeId()));
            assertThat(second.members()).extracting(PartyId::nodeId).doesNotContain(culprit.nodeId());
            if (second.indices().equals(first.indices())) {
                moved++;
            }
        }
        // the committee stays eligible through its other replicas, so the committee choice is unchanged
        assertThat(moved).isEqualTo(100);
    }

    @Test
    void committeesAndReplicasAreChosenEvenly() {
        int requests = 6000;
        int threshold = 3;
        Map<Integer, Integer> committeeCounts = new HashMap<>();
        Map<String, Integer> nodeCounts = new HashMap<>();
        Map<Set<Integer>, Integer> subsetCounts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            SigningParty party = select(i, 1, threshold, Set.of());
            subsetCounts.merge(Set.copyOf(party.indices()), 1, Integer::sum);
            for (PartyId member : party.members()) {
                committeeCounts.merge(member.index(), 1, Integer::sum);
                nodeCounts.merge(member.nodeId(), 1, Integer::sum);
            }
        }
        double perCommittee = (double) requests * threshold / COMMITTEES;
        for (int committee = 1; committee <= COMMITTEES; committee++) {
            assertThat((double) committeeCounts.get(committee)).isBetween(perCommittee * 0.9, perCommittee * 1.1);
        }
        double perNode = perCommittee / REPLICAS;
        assertThat(nodeCounts).hasSize(COMMITTEES * REPLICAS);
        nodeCounts.values().forEach(count -> assertThat((double) count).isBetween(perNode * 0.85, perNode * 1.15));
        // all C(5,3) = 10 committee sets occur; chi-square with 9 degrees of freedom stays far below
        // 27.9 (p = 0.001) for a uniform choice
        assertThat(subsetCounts).hasSize(10);
        double expected = requests / 10.0;
        double chiSquare = subsetCounts.values().stream().mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertThat(chiSquare).isLessThan(27.9);
    }

    @Test
    void theNextAttemptKeepsTheCommitteesAndRedrawsTheNodes() {
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            SigningParty first = select(i, 1, 3, Set.of());
            for (int attempt = 2; attempt <= 4; attempt++) {
                assertThat(select(i, attempt, 3, Set.of()).indices()).isEqualTo(first.indices());
            }
            if (!first.equals(select(i, 2, 3, Set.of()))) {
                changed++;
            }
        }
        // the nodes of three committees of three replicas repeat with probability 1/27
        assertThat(changed).isGreaterThan(180);
    }

    @Test
    void theRankingDependsOnlyOnTheKeyTheDigestAndTheRequest() {
        for (int i = 0; i < 100; i++) {
            List<Integer> ranking = ranking(i);
            assertThat(ranking).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
            assertThat(ranking(i)).isEqualTo(ranking);
            // with no exclusion the party is the first t committees of the ranking, for any attempt
            for (int threshold = 2; threshold <= 5; threshold++) {
                assertThat(select(i, 1 + i % 4, threshold, Set.of()).indices())
                        .containsExactlyInAnyOrderElementsOf(ranking.subList(0, threshold));
            }
        }
        assertThat(PartySelection.seed(PUBLIC_KEY, digest(1), "r1", 0))
                .isNotEqualTo(PartySelection.seed(PUBLIC_KEY, digest(1), "r1", 1));
    }

    @Test
    void aCommitteeWithoutReplicasLeftIsReplacedByTheNextOfTheRankingAndTheOthersStay() {
        for (int i = 0; i < 200; i++) {
            List<Integer> ranking = ranking(i);
            SigningParty first = select(i, 1, 3, Set.of());
            int dropped = first.members().get(i % 3).index();
            Set<String> wholeCommittee = new HashSet<>();
            for (char replica = 'a'; replica < 'a' + REPLICAS; replica++) {
                wholeCommittee.add("node-" + dropped + replica);
            }
            // culprits blamed one replica at a time: the committee stays while a replica is left
            Set<String> blamed = new HashSet<>();
            for (String culprit : wholeCommittee.stream().sorted().toList().subList(0, REPLICAS - 1)) {
                blamed.add(culprit);
                SigningParty retry = select(i, 2 + blamed.size(), 3, blamed);
                assertThat(retry.indices()).isEqualTo(first.indices());
                assertThat(retry.members()).extracting(PartyId::nodeId).doesNotContainAnyElementsOf(blamed);
            }
            SigningParty moved = select(i, 9, 3, wholeCommittee);
            List<Integer> expected = new ArrayList<>(ranking.subList(0, 4));
            expected.remove(Integer.valueOf(dropped));
            assertThat(moved.indices()).containsExactlyInAnyOrderElementsOf(expected);
            for (PartyId member : first.members()) {
                if (member.index() != dropped) {
                    assertThat(moved.indices()).contains(member.index());
                }
            }
        }
    }

    private static List<Integer> ranking(int i) {
        return PartySelection.ranking(registry, PUBLIC_KEY, digest(i), "r" + i).stream()
                .map(Committee::index).toList();
    }

    @Test
    void drawsAreUniformAndInRange() {
        SelectionRandom random = new SelectionRandom(new byte[32]);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[random.below(7)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
        SelectionRandom one = new SelectionRandom(new byte[32]);
        SelectionRandom same = new SelectionRandom(new byte[32]);
        for (int i = 0; i < 100; i++) {
            assertThat(one.below(1_000_003)).isEqualTo(same.below(1_000_003));
        }
    }
}
