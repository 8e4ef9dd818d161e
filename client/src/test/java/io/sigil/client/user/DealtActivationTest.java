package io.sigil.client.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.Problem;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NodeFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The activation rule for dealt keys (keygen §6.3) as {@link Registration} and {@link PendingKey}
 * apply it to the client's verified outcomes: one counted ack per committee makes the key usable,
 * a conflicting ack never does, and a pending key keeps (and a resume re-sends) only the bundles
 * of committees without an ack.
 */
class DealtActivationTest {
    private static final String HASH = "ab".repeat(32);
    private static final Point PUBLIC_KEY = Point.baseMultiply(Scalar.fromLong(7));

    @Test
    void oneAckPerCommitteeCompletesTheKeyAndNamesTheNodesThatDidNot() {
        Registration registration = registration(acked(1, "node-1a", "node-1b"), acked(2, "node-2a").missing("node-2b"));

        assertThat(registration.isComplete()).isTrue();
        assertThat(registration.unacknowledged()).containsExactly("node-2b");
        assertThat(registration.unacknowledgedCommittees()).isEmpty();
        AccountFile file = AccountFile.create(AccountKey.generate()).withKey(registration);
        assertThat(file.key("k")).isPresent();
        assertThat(file.pendingKeys()).isEmpty();
    }

    @Test
    void aCommitteeWithoutAnAckKeepsTheKeyPendingWithOnlyThatCommitteesBundle() {
        Registration registration = registration(acked(1, "node-1a").missing("node-1b"),
                acked(2).missing("node-2a", "node-2b"), acked(3, "node-3a", "node-3b"));

        assertThat(registration.isComplete()).isFalse();
        assertThat(registration.unacknowledgedCommittees()).containsExactly(2);
        AccountFile file = AccountFile.create(AccountKey.generate()).withKey(registration);
        assertThat(file.key("k")).isEmpty();
        PendingKey pending = file.pendingKey("k").orElseThrow();
        assertThat(pending.acknowledgedCommittees()).containsExactly(1, 3);
        assertThat(pending.bundles()).extracting(NewUserBundle::committee).containsExactly(2);
    }

    @Test
    void aResumeThatReachesTheLastCommitteeCompletesTheKeyAndDropsTheBundles() {
        AccountFile pending = AccountFile.create(AccountKey.generate())
                .withKey(registration(acked(1, "node-1a"), acked(2).missing("node-2a", "node-2b")));
        // a resume re-posts committee 2's bundle only: its result covers committee 2 alone
        AccountFile finished = pending.withKey(registration(acked(2, "node-2b").missing("node-2a")));

        assertThat(finished.key("k")).isPresent();
        assertThat(finished.pendingKeys()).isEmpty();
        assertThat(Json.write(finished)).doesNotContain("bundles").doesNotContain("shards");
    }

    @Test
    void aResumeThatStillMissesACommitteeKeepsWhatEarlierAttemptsFinished() {
        AccountFile pending = AccountFile.create(AccountKey.generate()).withKey(registration(acked(1, "node-1a"),
                acked(2).missing("node-2a", "node-2b"), acked(3).missing("node-3a", "node-3b")));
        AccountFile still = pending.withKey(registration(acked(2, "node-2a"), acked(3).missing("node-3a", "node-3b")));

        PendingKey left = still.pendingKey("k").orElseThrow();
        assertThat(left.acknowledgedCommittees()).containsExactly(1, 2);
        assertThat(left.bundles()).extracting(NewUserBundle::committee).containsExactly(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-1b", "node-2a"})
    void aValidlySignedAckOnOtherCommitmentsBlocksTheKeyEvenWithEveryCommitteeAcknowledged(String conflicting) {
        Outcome first = acked(1, "node-1a");
        Outcome second = acked(2, "node-2b");
        NodeFailure conflict = new NodeFailure(conflicting, 409, Registration.CONFLICTING_ACK, "other commitments");
        Registration registration = registration(conflicting.startsWith("node-1") ? first.with(conflict) : first,
                conflicting.startsWith("node-2") ? second.with(conflict) : second);

        assertThat(registration.isComplete()).isFalse();
        assertThat(registration.conflicts()).extracting(NodeFailure::nodeId).containsExactly(conflicting);
    }

    /** A committee's outcome under construction: the nodes whose acks counted, and the failures. */
    private record Outcome(int committee, List<String> ackers, List<NodeFailure> failures) {
        Outcome missing(String... nodes) {
            Outcome outcome = this;
            for (String node : nodes) {
                outcome = outcome.with(new NodeFailure(node, NodeFailure.UNREACHABLE, Problem.TYPE_PREFIX + "no-answer",
                        "no answer"));
            }
            return outcome;
        }

        Outcome with(NodeFailure failure) {
            List<NodeFailure> more = new ArrayList<>(failures);
            more.add(failure);
            return new Outcome(committee, ackers, more);
        }

        Registration.CommitteeOutcome build() {
            List<NewUserAck> acks = ackers.stream()
                    .map(node -> new NewUserAck(node, "u", "k", committee, HASH, "00".repeat(64))).toList();
            NewUserBundle bundle = new NewUserBundle("net", 1, "u", "k", 2, committee, "00".repeat(32),
                    List.of(), List.of(), 0, "00".repeat(16), "00".repeat(64));
            return new Registration.CommitteeOutcome(committee, "leader-" + committee, acks, failures, bundle);
        }
    }

    private static Outcome acked(int committee, String... nodes) {
        return new Outcome(committee, List.of(nodes), List.of());
    }

    private static Registration registration(Outcome... outcomes) {
        return new Registration("u", "k", 2, 3, PUBLIC_KEY, EthereumAddress.fromPublicKey(PUBLIC_KEY), HASH,
                Arrays.stream(outcomes).map(Outcome::build).toList(), null, "0x" + "11".repeat(32));
    }
}
