package io.sigil.testing.reshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.crypto.reshare.ReshareBatchRound2;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import io.sigil.wire.reshare.ReshareBatchContribution;
import io.sigil.wire.reshare.ReshareBatchMessages;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A batch of reshares (keygen §3.5) in one JVM with real node identities: a refresh of dealt keys
 * on 2 committees × 2 nodes, t = 2, P = {node 1a, node 2a}. Per key every check of §3.4 runs and a
 * failing key fails alone; the batch digest binds every key's {@code rs_sid} and position, so a
 * reordered or altered batch does not open and its signatures do not verify.
 */
class ReshareBatchTest {
    private static final String NETWORK = "sigil-test";
    private static final long EPOCH = 3;

    private final SecureRandom rng = new SecureRandom();
    private final Map<String, NodeIdentity> identities = new TreeMap<>();
    private final DkgDirectory directory;
    private final SortedMap<Integer, String> party = new TreeMap<>(Map.of(1, "node-1a", 2, "node-2a"));

    ReshareBatchTest() {
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= 2; committee++) {
            for (String replica : List.of("a", "b")) {
                NodeIdentity identity = NodeIdentity.generate();
                String node = "node-" + committee + replica;
                identities.put(node, identity);
                members.add(new DkgDirectory.Member(node, committee, PeerKeys.of(identity.identityKey(),
                        identity.encryptionKey())));
            }
        }
        directory = DkgDirectory.of(2, members);
    }

    /** {@code count} dealt keys of user {@code user}. */
    private List<DealtKey> keys(int count) {
        List<DealtKey> keys = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            keys.add(FeldmanDealer.generate(2, 2, rng));
        }
        return keys;
    }

    private static KeyPublicRecord record(DealtKey key, int index) {
        return new KeyPublicRecord("user", "key-" + index, new byte[32], 2, key.commitments(), new byte[32]);
    }

    private ReshareParameters parameters(DealtKey key, int index, int attempt) {
        return new ReshareParameters(NETWORK, EPOCH, EPOCH + 1, new byte[32], "user", "key-" + index, key.publicKey(),
                2, 2, 2, party, attempt);
    }

    private ReshareBatch batch(List<DealtKey> keys) {
        List<ReshareParameters> parameters = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
            parameters.add(parameters(keys.get(index), index, 1));
        }
        return new ReshareBatch(parameters);
    }

    /** Every contributor's signed wire contribution for {@code batch}; {@code fault} applies to contributor 1. */
    private List<ReshareBatchContribution> contribute(ReshareBatch batch, List<DealtKey> keys,
            ReshareBatchRound1.ValueFault fault, int withheldByTwo) {
        List<ReshareBatchContribution> contributions = new ArrayList<>();
        for (Map.Entry<Integer, String> contributor : party.entrySet()) {
            int committee = contributor.getKey();
            Map<Integer, ReshareBatchRound1.Input> inputs = new TreeMap<>();
            for (int index = 0; index < keys.size(); index++) {
                if (committee == 2 && index == withheldByTwo) {
                    continue;
                }
                KeyShard shard = keys.get(index).shard(committee);
                inputs.put(index, new ReshareBatchRound1.Input(record(keys.get(index), index),
                        new KeyShard(committee, shard.share())));
            }
            ReshareBatchRound1.Contribution contribution = ReshareBatchRound1.contribute(batch, committee, inputs,
                    directory, rng, committee == 1 ? fault : ReshareBatchRound1.ValueFault.NONE);
            assertThat(contribution.refused()).isEmpty();
            NodeIdentity identity = identities.get(contributor.getValue());
            contributions.add(ReshareBatchContribution.of(contributor.getValue(), contribution.message(), List.of(),
                    identity.sign(contribution.message().signedBytes(batch.digest()))));
        }
        return contributions;
    }

    private List<ReshareBatchRound2.Outcome> receive(ReshareBatch batch, String node,
            List<ReshareBatchContribution> contributions) throws DkgAbort {
        return ReshareBatchRound2.receive(batch, directory, directory, node,
                ReshareBatchMessages.contributions(batch, directory, contributions, false), identities.get(node)::decrypt);
    }

    @Test
    void everyKeyOfAnHonestBatchIsPendingWithTheManagersTranscriptOnFreshShards() throws Exception {
        List<DealtKey> keys = keys(5);
        ReshareBatch batch = batch(keys);
        List<ReshareBatchContribution> contributions = contribute(batch, keys, ReshareBatchRound1.ValueFault.NONE, -1);
        List<ReshareTranscript.KeyTranscript> expected = ReshareTranscript.verified(batch,
                ReshareBatchMessages.contributions(batch, directory, contributions, true));
        Map<String, List<ReshareBatchRound2.Outcome>> received = new TreeMap<>();
        for (String node : identities.keySet()) {
            received.put(node, receive(batch, node, contributions));
        }
        for (int index = 0; index < keys.size(); index++) {
            assertThat(expected.get(index).abort()).isNull();
            PendingReshare one = received.get("node-1b").get(index).pending();
            PendingReshare two = received.get("node-2a").get(index).pending();
            for (List<ReshareBatchRound2.Outcome> outcomes : received.values()) {
                PendingReshare pending = outcomes.get(index).pending();
                assertThat(pending.transcriptHash()).isEqualTo(expected.get(index).transcript().transcriptHash());
                assertThat(pending.commitments().verifyShard(pending.shard())).isTrue();
                assertThat(pending.publicKey()).isEqualTo(keys.get(index).publicKey());
            }
            // new shards on C' with C'_0 = PK (checked above), and no old shard carried over
            assertThat(one.shard().share()).isNotEqualTo(keys.get(index).shard(1).share());
            assertThat(two.shard().share()).isNotEqualTo(keys.get(index).shard(2).share());
            assertThat(one.commitments().verifyShard(keys.get(index).shard(1))).isFalse();
        }
    }

    @Test
    void aCorruptValueOfOneKeyToOneNodeFailsThatKeyThereAloneNamingItsContributor() throws Exception {
        List<DealtKey> keys = keys(4);
        ReshareBatch batch = batch(keys);
        List<ReshareBatchContribution> contributions = contribute(batch, keys, (node, index, value) ->
                node.equals("node-2b") && index == 2 ? value.add(Scalar.ONE) : value, -1);

        List<ReshareBatchRound2.Outcome> atVictim = receive(batch, "node-2b", contributions);
        for (int index = 0; index < keys.size(); index++) {
            if (index == 2) {
                DkgAbort abort = atVictim.get(index).abort();
                assertThat(abort.failure()).isEqualTo(new DkgFailure.ShareInvalid(1, 2));
                assertThat(abort.culprits()).containsExactly("node-1a");
                assertThat(abort.sessionId()).isEqualTo(batch.sessionId(2));
            } else {
                assertThat(atVictim.get(index).accepted()).as("key " + index).isTrue();
            }
        }
        assertThat(receive(batch, "node-2a", contributions)).allMatch(ReshareBatchRound2.Outcome::accepted);
    }

    @Test
    void aKeyOneContributorDidNotDealFailsAloneNamingThatContributor() throws Exception {
        List<DealtKey> keys = keys(3);
        ReshareBatch batch = batch(keys);
        List<ReshareBatchContribution> contributions = contribute(batch, keys, ReshareBatchRound1.ValueFault.NONE, 0);

        List<ReshareTranscript.KeyTranscript> expected = ReshareTranscript.verified(batch,
                ReshareBatchMessages.contributions(batch, directory, contributions, true));
        assertThat(expected.get(0).abort().failure()).isEqualTo(new DkgFailure.MessageMissing(2));
        assertThat(expected.get(0).abort().culprits()).containsExactly("node-2a");
        List<ReshareBatchRound2.Outcome> outcomes = receive(batch, "node-1b", contributions);
        assertThat(outcomes.get(0).abort().culprits()).containsExactly("node-2a");
        assertThat(outcomes.subList(1, 3)).allMatch(ReshareBatchRound2.Outcome::accepted);
    }

    @Test
    void aContributorWhoseOwnShardOfOneKeyIsWrongRefusesThatKeyAloneAndDealsTheOthers() {
        List<DealtKey> keys = keys(4);
        ReshareBatch batch = batch(keys);
        Map<Integer, ReshareBatchRound1.Input> inputs = new TreeMap<>();
        for (int index = 0; index < keys.size(); index++) {
            Scalar share = keys.get(index).shard(1).share();
            inputs.put(index, new ReshareBatchRound1.Input(record(keys.get(index), index),
                    new KeyShard(1, index == 3 ? share.add(Scalar.ONE) : share)));
        }
        ReshareBatchRound1.Contribution contribution = ReshareBatchRound1.contribute(batch, 1, inputs, directory, rng,
                ReshareBatchRound1.ValueFault.NONE);

        assertThat(contribution.refused()).containsOnlyKeys(3);
        assertThat(contribution.refused().get(3).failure()).isEqualTo(new DkgFailure.ShardMismatch(1));
        assertThat(contribution.message().parts()).extracting(ReshareBatchRound1.Part::index).containsExactly(0, 1, 2);
    }

    @Test
    void aReorderedBatchOrOneWithAnotherAttemptOfOneKeyIsRefusedAsTheManagers() {
        List<DealtKey> keys = keys(3);
        ReshareBatch batch = batch(keys);
        List<ReshareBatchContribution> contributions = contribute(batch, keys, ReshareBatchRound1.ValueFault.NONE, -1);

        List<ReshareParameters> swapped = new ArrayList<>(batch.keys());
        swapped.set(0, batch.key(1));
        swapped.set(1, batch.key(0));
        List<ReshareParameters> otherAttempt = new ArrayList<>(batch.keys());
        otherAttempt.set(2, parameters(keys.get(2), 2, 2));
        for (ReshareBatch altered : List.of(new ReshareBatch(swapped), new ReshareBatch(otherAttempt))) {
            assertThatThrownBy(() -> receive(altered, "node-1b", contributions))
                    .isInstanceOfSatisfying(DkgAbort.class, abort -> {
                        assertThat(abort.managerAtFault()).isTrue();
                        assertThat(abort.failure()).isInstanceOf(DkgFailure.InvalidField.class);
                    });
            // without the signatures: a moved part names another key than its position's session, and
            // the one seal per contributor does not open under the altered batch digest
            List<ReshareBatchRound2.Outcome> unsigned = ReshareBatchRound2.receive(altered, directory, directory,
                    "node-1b", decodedWithoutSignatures(contributions), identities.get("node-1b")::decrypt);
            assertThat(unsigned).noneMatch(ReshareBatchRound2.Outcome::accepted);
            assertThat(unsigned.get(2).abort().failure()).isEqualTo(new DkgFailure.ShareUnreadable(1));
        }
    }

    private static Map<Integer, ReshareBatchRound1.BatchMessage> decodedWithoutSignatures(
            List<ReshareBatchContribution> contributions) {
        Map<Integer, ReshareBatchRound1.BatchMessage> messages = new TreeMap<>();
        contributions.forEach(contribution -> messages.put(contribution.contributor(),
                contribution.toMessage(new io.sigil.wire.reshare.PointCache())));
        return messages;
    }
}
