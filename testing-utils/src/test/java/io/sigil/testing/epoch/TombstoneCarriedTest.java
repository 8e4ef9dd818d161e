package io.sigil.testing.epoch;

import static io.sigil.testing.epoch.CommitFixtures.HTTP;
import static io.sigil.testing.epoch.CommitFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.sigil.testing.user.TestBundles;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.node.sync.CatchUpRuns;
import io.sigil.node.sync.ReplicaSync;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.node.user.Tombstone;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.testing.epoch.CommitFixtures.Joiner;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.sync.SyncStatus;
import io.sigil.wire.user.NewUserBundle;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted key stays deleted for nodes new in {@code e+1} (lifecycle §3.6, docs/keygen.md §3.6):
 * on a devnet of 2 committees × 2 nodes (t = 2) a user registers two keys and deletes one in epoch
 * 1; a third committee of two joining nodes is added (epoch 2). After the commit each joining node's
 * catch-up reads the tombstones of the other committees (their committee had no replica in epoch 1)
 * and holds the tombstone with the user's signed deletion of epoch 1; a bundle of the deleted key
 * id, correctly signed by the user for epoch 2 and the joining committee, is refused by a joining
 * node and nothing is stored; the kept key is ACTIVE there.
 */
class TombstoneCarriedTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> JOINERS = List.of("node-3a", "node-3b");

    @TempDir
    Path directory;

    @Test
    void aKeyDeletedBeforeTheChangeStaysDeletedOnAJoiningCommittee() throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 2, 2, 1, 0))) {
            TrustedNetwork before = CommitFixtures.discover(devnet);
            URI manager = URI.create(before.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            UserClient users = new UserClient(HTTP);
            Registration kept = users.register(before, account, NewKeyOptions.defaults());
            Registration deleted = users.register(before, account, NewKeyOptions.defaults());
            assertThat(users.delete(before, account, deleted.keyId(), deleted.publicKey()).isComplete()).isTrue();

            List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
            Joiner threeA = CommitFixtures.joiner(directory, "node-3a", 3);
            Joiner threeB = CommitFixtures.joiner(directory, "node-3b", 3);
            byte[] next = CommitFixtures.grown(devnet, List.of(threeA, threeB), 3, 2);
            Path registryFile = Files.write(directory.resolve("registry-2.json"), next);
            Approval approval = EpochFixtures.approval(devnet.registry().networkId(), 2, next, operators.subList(0, 2));
            Path approvalFile = Files.writeString(directory.resolve("approval-2.json"), Json.writePretty(approval));
            Map<String, ApplicationContext> joiners = new LinkedHashMap<>();
            try {
                for (Joiner joiner : List.of(threeA, threeB)) {
                    joiners.put(joiner.id(), CommitFixtures.start(devnet, joiner, registryFile, approvalFile));
                }
                HTTP.post(manager.resolve("/v1/epoch/propose"), new EpochProposal(WireFields.toBase64(next), approval),
                        EpochStatus.class);
                assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
                EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
                assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
                assertThat(committed.missing()).isEmpty();

                byte[] name = KeyRecord.storeKey(account.userId(), deleted.keyId());
                for (String joiner : JOINERS) {
                    SyncStatus run = CatchUpRuns.runNow(joiners.get(joiner).getBean(ReplicaSync.class), WAIT);
                    assertThat(run.refusals()).as(joiner).isEmpty();
                    EncryptedStore store = CommitFixtures.store(joiners.get(joiner));
                    Tombstone tombstone = Tombstone.decode(store.get(NodeStore.DELETED_KEYS, name).orElseThrow(
                            () -> new AssertionError(joiner + " holds no tombstone of the deleted key")));
                    assertThat(tombstone.publicKey()).contains(deleted.publicKey());
                    assertThat(tombstone.deletion()).as(joiner + ": the user's signed deletion").isPresent();
                    assertThat(tombstone.deletion().get().epoch()).isEqualTo(1);
                    assertThat(store.get(NodeStore.KEYS, name)).isEmpty();
                    assertThat(store.get(NodeStore.KEYS, KeyRecord.storeKey(account.userId(), kept.keyId())))
                            .as(joiner + ": the kept key").isPresent();
                }

                // the user's own, valid bundle for the deleted key id, epoch 2 and the joining committee
                TrustedNetwork after = CommitFixtures.discover(devnet);
                assertThat(after.registry().epoch()).isEqualTo(2);
                CommitteeView committee = after.committees().stream().filter(view -> view.index() == 3).findFirst()
                        .orElseThrow();
                DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
                NewUserBundle bundle = TestBundles.build(NetworkBinding.of(after.registry()), account,
                        deleted.keyId(), 2, committee, dealt.commitments(), dealt.shard(3), Instant.now().getEpochSecond());
                KeyRegistrations registrations = joiners.get("node-3a").getBean(KeyRegistrations.class);
                assertThatThrownBy(() -> registrations.accept(bundle, bundle.verify(Instant.now())))
                        .isInstanceOfSatisfying(ApiProblemException.class, refused ->
                                assertThat(refused.getMessage()).contains("was deleted"));
                assertThat(CommitFixtures.store(joiners.get("node-3a")).get(NodeStore.KEYS, name)).isEmpty();
            } finally {
                joiners.values().forEach(ApplicationContext::close);
            }
        }
    }
}
