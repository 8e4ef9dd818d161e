package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Encoding;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.crypto.reshare.ReshareBatchAck;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.service.node.LocalNode;
import io.sigil.testing.epoch.CommitFixtures;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.wire.WireFields;
import io.sigil.wire.reshare.ReshareSession;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.sync.ReshareKeyEvidence;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncShareBinding;
import io.sigil.wire.sync.SyncedKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catch-up of keys that came through an epoch change (docs/keygen.md §3.7, reshare evidence), on an
 * in-JVM devnet of 3 committees × 2 nodes (t = 2) with a network key and a dealt key, refreshed to
 * epoch 2 and later to epoch 3. After the commit every node keeps, per key, what {@code T'} is
 * computed from and, per batch, the acks of every committee; a replica serves them. The honest page
 * from {@code node-2a} passes {@code node-2b}'s checks; each lie is refused naming the replica:
 * acks that do not cover every committee, a forged batch-ack signature, a wrong shard with
 * commitments solved to pass Feldman, the record of another attempt, evidence of another epoch,
 * evidence under another approval (an aborted proposal's), another chain code or none ({@code T'}
 * binds it). A key reshared before {@code T'} bound the chain code still passes, its chain code
 * unproven. {@code node-2b}, having lost both keys, fetches them from {@code node-2a} and signs in a
 * party that includes it; when {@code node-2a} stores another chain code, {@code node-2b}'s real
 * catch-up refuses it. After the second change
 * the keys carry the evidence of the latest change only, and the first change's page is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReshareEvidenceAttackTest {
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LIAR = "node-2a";
    private static final String ASKING = "node-2b";
    private static final AccountKey ACCOUNT = AccountKey.generate();

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static URI manager;
    private static List<OperatorKey> operators;
    private static NetworkKey networkKey;
    private static Registration dealtKey;
    private static SyncBatch epochTwo;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(3, 2, 2, 1, 0));
        TrustedNetwork network = discover();
        manager = URI.create(network.managers().getFirst().url());
        operators = EpochFixtures.operators(devnet.layout());
        networkKey = new NetworkKeyClient(HTTP).generate(network, ACCOUNT, NewKeyOptions.defaults(), WAIT);
        dealtKey = new UserClient(HTTP).register(network, ACCOUNT, NewKeyOptions.defaults());
        refresh(2);
        epochTwo = page();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    @Order(1)
    void theHonestPageOfReshareEvidencePassesEveryCheck() throws Exception {
        assertThat(epochTwo.keys()).hasSize(2).allSatisfy(key -> {
            assertThat(key.evidence().reshare()).as("reshare evidence").isNotNull();
            assertThat(key.evidence().reshare().oldEpoch()).isEqualTo(1);
            assertThat(key.sealedShard()).isNotNull();
        });
        assertThat(epochTwo.reshareBatches()).isNotEmpty();
        SyncCheck.CheckedPage page = check(epochTwo);
        assertThat(page.keys()).hasSize(2);
        assertThat(page.withoutEvidence()).isZero();
        assertThat(page.reshareBatches()).isNotEmpty();
        page.destroy();
    }

    @Test
    @Order(2)
    void acksThatDoNotCoverEveryCommitteeAreForgedEvidence() {
        SyncBatch lying = withBatches(epochTwo, batch -> new ReshareBatchEvidence(batch.batch(), batch.sessionIds(),
                batch.acks().stream().filter(ack -> ack.committee() != 3).toList()));

        assertRefused(lying, Reason.FORGED_EVIDENCE, "cover committees [1, 2] of 3");
    }

    @Test
    @Order(2)
    void aForgedBatchAckSignatureIsForgedEvidence() {
        SyncBatch lying = withBatches(epochTwo, batch -> {
            List<ReshareBatchEvidence.Ack> acks = new ArrayList<>(batch.acks());
            ReshareBatchEvidence.Ack first = acks.getFirst();
            acks.set(0, new ReshareBatchEvidence.Ack(first.nodeId(), first.committee(), first.ackDigests(),
                    flipLastHexDigit(first.signature())));
            return new ReshareBatchEvidence(batch.batch(), batch.sessionIds(), acks);
        });

        assertRefused(lying, Reason.FORGED_EVIDENCE, "does not verify");
    }

    /**
     * The acks bind {@code (T', PK)} only; a liar solves {@code C'_1} so a wrong shard passes
     * Feldman with {@code C'_0 = PK}. Recomputing {@code C'_k = Σ_i E_{i,k}} catches it.
     */
    @Test
    @Order(2)
    void aWrongShardWithCommitmentsSolvedToPassFeldmanIsForgedEvidence() {
        SyncedKey key = networkKeyOf(epochTwo);
        Scalar wrong = Scalar.fromLong(4242);
        List<Point> commitments = new ArrayList<>();
        key.commitments().forEach(hex -> commitments.add(WireFields.point("commitment", hex)));
        Scalar j = Scalar.fromLong(2);
        commitments.set(1, Point.baseMultiply(wrong).subtract(commitments.getFirst()).multiply(j.invert()));
        List<String> fabricated = commitments.stream().map(WireFields::pointHex).toList();
        String sealed = sealToAsking(key, wrong);

        assertRefused(withNetworkKey(epochTwo, served -> new SyncedKey(served.userId(), served.keyId(), served.origin(),
                served.accountKey(), served.threshold(), fabricated, served.chainCode(), served.evidence(), sealed)),
                Reason.FORGED_EVIDENCE, "C'_k = Σ_i E_{i,k}");
    }

    /** A record of another attempt of the key (here the next one) names another rs_sid: no ack vouches for it. */
    @Test
    @Order(2)
    void theRecordOfAnotherAttemptIsForgedEvidence() {
        assertRefused(withNetworkKey(epochTwo, key -> withReshare(key, reshare -> {
            ReshareSession session = reshare.session();
            return new ReshareKeyEvidence(reshare.oldEpoch(), new ReshareSession(session.userId(), session.keyId(),
                    session.publicKey(), session.oldThreshold(), session.newThreshold(), session.contributors(),
                    session.attempt() + 1), reshare.contributions(), reshare.batch());
        })), Reason.FORGED_EVIDENCE, "rs_sid");
    }

    @Test
    @Order(2)
    void evidenceNamingAnotherEpochChangeIsForgedEvidence() {
        assertRefused(withNetworkKey(epochTwo, key -> withReshare(key, reshare -> new ReshareKeyEvidence(0,
                reshare.session(), reshare.contributions(), reshare.batch()))), Reason.FORGED_EVIDENCE, "epoch");
    }

    /** Evidence of a proposal that was aborted (another document for the same epoch) recomputes another rs_sid. */
    @Test
    @Order(2)
    void evidenceUnderAnotherApprovalIsForgedEvidence() {
        byte[] another = new byte[32];
        another[0] = 1;
        assertThatThrownBy(() -> check(epochTwo, another)).isInstanceOfSatisfying(SyncRefusedException.class,
                refused -> {
                    assertThat(refused.replica()).isEqualTo(LIAR);
                    assertThat(refused.reason()).isEqualTo(Reason.FORGED_EVIDENCE);
                });
    }

    /**
     * {@code T'} binds the chain code (docs/keygen.md §3.4): a replica serving a reshared key of
     * either origin with another chain code, or with none, shows acks on a {@code T'} no node signed.
     * Before that binding nothing the new committees signed covered the chain code and this page passed.
     */
    @Test
    @Order(2)
    void aResharedKeyServedWithAnotherChainCodeIsForgedEvidence() {
        for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
            assertRefused(withKey(epochTwo, keyId, key -> withChainCode(key, anotherChainCode(key))),
                    Reason.FORGED_EVIDENCE, "T' binding the served chain code, cover committees [] of 3");
            assertRefused(withKey(epochTwo, keyId, key -> withChainCode(key, null)), Reason.FORGED_EVIDENCE,
                    "T' binding the served chain code, cover committees [] of 3");
        }
    }

    /**
     * A key reshared before {@code T'} bound the chain code was acknowledged on the specification's
     * {@code T'} (here re-signed so by every node of epoch 2, as it was then): it still catches up,
     * its commitments and shard proven, its chain code not — another one passes too, which is what
     * such a key cannot prove. A key whose acks are on the binding {@code T'} is not helped by them.
     */
    @Test
    @Order(2)
    void aKeyResharedBeforeTheTranscriptBoundItsChainCodeCatchesUpWithItsChainCodeUnproven() throws Exception {
        SyncBatch before = acknowledgedWithoutChainCode(epochTwo, networkKey.keyId());
        SyncCheck.CheckedPage page = check(before);
        assertThat(page.keys()).hasSize(2);
        page.destroy();

        SyncedKey served = keyOf(before, networkKey.keyId());
        byte[] another = anotherChainCode(served);
        SyncCheck.CheckedPage unproven = check(withKey(before, networkKey.keyId(), key -> withChainCode(key, another)));
        SyncCheck.CheckedKey lied = unproven.keys().stream()
                .filter(key -> key.keyId().equals(networkKey.keyId())).findFirst().orElseThrow();
        assertThat(lied.record().chainCode()).hasValueSatisfying(code -> assertThat(code).isEqualTo(another));
        unproven.destroy();

        assertRefused(withKey(before, dealtKey.keyId(), key -> withChainCode(key, anotherChainCode(key))),
                Reason.FORGED_EVIDENCE, "T' binding the served chain code");
    }

    @Test
    @Order(3)
    void aReplicaThatLostReshareKeysFetchesThemAndSignsWithThem() throws Exception {
        EncryptedStore store = store(ASKING);
        for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
            byte[] name = KeyRecord.storeKey(ACCOUNT.userId(), keyId);
            store.batch().delete(NodeStore.KEYS, name).delete(NodeStore.KEY_EVIDENCE, name).commit();
        }
        var status = CatchUpRuns.runNow(devnet.context(ASKING).getBean(ReplicaSync.class), WAIT);
        assertThat(status.refusals()).isEmpty();
        assertThat(status.keysStored()).isEqualTo(2);

        for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
            byte[] name = KeyRecord.storeKey(ACCOUNT.userId(), keyId);
            KeyRecord record = KeyRecord.decode(store.get(NodeStore.KEYS, name).orElseThrow(
                    () -> new AssertionError(ASKING + " did not fetch " + keyId)));
            assertThat(record.commitments().verifyShard(2, record.share())).isTrue();
            record.destroy();
            KeyEvidence evidence = Json.read(store.get(NodeStore.KEY_EVIDENCE, name).orElseThrow(), KeyEvidence.class);
            assertThat(evidence.reshare()).isNotNull();
            assertThat(store.get(NodeStore.RESHARE_EVIDENCE, WireFields.hex("batch", evidence.reshare().batch(), 32)))
                    .as("the batch's shared evidence, so node-2b can serve the key too").isPresent();
        }
        assertSignsInAPartyWith(ASKING, networkKey.keyId(), networkKey.publicKey());
        assertSignsInAPartyWith(ASKING, dealtKey.keyId(), dealtKey.publicKey());
    }

    /**
     * The attack run for real: node-2a, a replica of node-2b's committee holding the committee's
     * keys, stores another chain code for the reshared network key; node-2b, having lost the key,
     * catches up from it, refuses the page naming node-2a and stores nothing; once node-2a holds the
     * true record again node-2b fetches it with the true chain code.
     */
    @Test
    @Order(4)
    void aReplicaThatStoredAnotherChainCodeIsRefusedInARealCatchUp() throws Exception {
        byte[] name = KeyRecord.storeKey(ACCOUNT.userId(), networkKey.keyId());
        EncryptedStore liar = store(LIAR);
        EncryptedStore asking = store(ASKING);
        byte[] honest = liar.get(NodeStore.KEYS, name).orElseThrow();
        KeyRecord held = KeyRecord.decode(honest);
        byte[] trueChainCode = held.chainCode().orElseThrow();
        byte[] another = trueChainCode.clone();
        another[0] ^= 1;
        KeyRecord lying = new KeyRecord(held.committee(), held.threshold(), held.accountKey(), held.commitments(),
                held.share(), another);
        held.destroy();
        liar.batch().put(NodeStore.KEYS, name, lying.encode()).commit();
        lying.destroy();
        asking.batch().delete(NodeStore.KEYS, name).delete(NodeStore.KEY_EVIDENCE, name).commit();
        try {
            var status = CatchUpRuns.runNow(devnet.context(ASKING).getBean(ReplicaSync.class), WAIT);
            assertThat(status.refusals()).singleElement().satisfies(refusal -> {
                assertThat(refusal.replica()).isEqualTo(LIAR);
                assertThat(refusal.reason()).isEqualTo("forged-evidence");
                assertThat(refusal.detail()).contains("T' binding the served chain code");
            });
            assertThat(status.keysStored()).isZero();
            assertThat(asking.get(NodeStore.KEYS, name)).isEmpty();
        } finally {
            liar.batch().put(NodeStore.KEYS, name, honest).commit();
        }
        var status = CatchUpRuns.runNow(devnet.context(ASKING).getBean(ReplicaSync.class), WAIT);
        assertThat(status.refusals()).isEmpty();
        assertThat(status.keysStored()).isEqualTo(1);
        KeyRecord fetched = KeyRecord.decode(asking.get(NodeStore.KEYS, name).orElseThrow());
        assertThat(fetched.chainCode()).hasValueSatisfying(code -> assertThat(code).isEqualTo(trueChainCode));
        fetched.destroy();
    }

    @Test
    @Order(5)
    void afterASecondChangeOnlyTheLatestEvidenceIsKeptAndTheFirstIsRefused() throws Exception {
        refresh(3);
        SyncBatch epochThree = page();
        assertThat(epochThree.keys()).hasSize(2).allSatisfy(key ->
                assertThat(key.evidence().reshare().oldEpoch()).isEqualTo(2));
        SyncCheck.CheckedPage page = check(epochThree);
        assertThat(page.keys()).hasSize(2);
        page.destroy();
        for (String node : List.of("node-1a", "node-2a", "node-2b", "node-3b")) {
            EncryptedStore store = store(node);
            for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
                KeyEvidence evidence = Json.read(store.get(NodeStore.KEY_EVIDENCE,
                        KeyRecord.storeKey(ACCOUNT.userId(), keyId)).orElseThrow(), KeyEvidence.class);
                assertThat(evidence.reshare().oldEpoch()).as(node).isEqualTo(2);
            }
            assertThat(store.count(NodeStore.RESHARE_PENDING_EVIDENCE) + store.count(NodeStore.RESHARE_PENDING_BATCHES))
                    .as(node + ": nothing pending is left").isZero();
        }

        // the first change's page, shown to a node of epoch 3 (its shards sealed for epoch 2 aside)
        assertThatThrownBy(() -> check(epochTwo)).isInstanceOfSatisfying(SyncRefusedException.class, refused -> {
            assertThat(refused.replica()).isEqualTo(LIAR);
            assertThat(refused.reason()).isEqualTo(Reason.FORGED_EVIDENCE);
            assertThat(refused.getMessage()).contains("not of the change to the running epoch 3");
        });
        assertSignsInAPartyWith(ASKING, networkKey.keyId(), networkKey.publicKey());
    }

    /** An operator-approved refresh to {@code epoch} (the same nodes), resharing every key, then the commit. */
    private static void refresh(long epoch) throws Exception {
        CommitFixtures.refresh(manager, registry(), operators, epoch);
    }

    /** node-2a's first page to node-2b, asked by node-2b. */
    private static SyncBatch page() throws Exception {
        return CatchUpRuns.firstPage(devnet, LIAR, ASKING);
    }

    private static SyncCheck.CheckedPage check(SyncBatch batch) throws SyncRefusedException {
        LocalNode local = devnet.context(ASKING).getBean(LocalNode.class);
        return check(batch, SyncCheck.approvalDigest(local.registryChain()));
    }

    private static SyncCheck.CheckedPage check(SyncBatch batch, byte[] approvalDigest) throws SyncRefusedException {
        LocalNode local = devnet.context(ASKING).getBean(LocalNode.class);
        return new SyncCheck(local.registry(), ASKING, 2, local.identity()::decrypt, approvalDigest).check(LIAR, "",
                SyncRequest.MAX_LIMIT, batch);
    }

    private static void assertRefused(SyncBatch lying, Reason reason, String why) {
        assertThatThrownBy(() -> check(lying)).isInstanceOfSatisfying(SyncRefusedException.class, refused -> {
            assertThat(refused.replica()).isEqualTo(LIAR);
            assertThat(refused.reason()).as(refused.getMessage()).isEqualTo(reason);
            assertThat(refused.getMessage()).startsWith("replica " + LIAR + ": ").contains(why);
        });
    }

    private static SyncBatch withBatches(SyncBatch batch, UnaryOperator<ReshareBatchEvidence> change) {
        return new SyncBatch(batch.nodeId(), batch.committee(), batch.total(), batch.keys(), batch.tombstones(),
                batch.nextCursor(), batch.reshareBatches().stream().map(change).toList());
    }

    private static SyncBatch withNetworkKey(SyncBatch batch, UnaryOperator<SyncedKey> change) {
        SyncedKey target = networkKeyOf(batch);
        List<SyncedKey> keys = batch.keys().stream().map(key -> key == target ? change.apply(key) : key).toList();
        return new SyncBatch(batch.nodeId(), batch.committee(), batch.total(), keys, batch.tombstones(),
                batch.nextCursor(), batch.reshareBatches());
    }

    private static SyncedKey withReshare(SyncedKey key, UnaryOperator<ReshareKeyEvidence> change) {
        return new SyncedKey(key.userId(), key.keyId(), key.origin(), key.accountKey(), key.threshold(),
                key.commitments(), key.chainCode(), KeyEvidence.reshared(change.apply(key.evidence().reshare())),
                key.sealedShard());
    }

    private static SyncBatch withKey(SyncBatch batch, String keyId, UnaryOperator<SyncedKey> change) {
        List<SyncedKey> keys = batch.keys().stream().map(key -> key.keyId().equals(keyId) ? change.apply(key) : key)
                .toList();
        return new SyncBatch(batch.nodeId(), batch.committee(), batch.total(), keys, batch.tombstones(),
                batch.nextCursor(), batch.reshareBatches());
    }

    private static SyncedKey keyOf(SyncBatch batch, String keyId) {
        return batch.keys().stream().filter(key -> key.keyId().equals(keyId)).findFirst().orElseThrow();
    }

    private static SyncedKey withChainCode(SyncedKey key, byte[] chainCode) {
        return new SyncedKey(key.userId(), key.keyId(), key.origin(), key.accountKey(), key.threshold(),
                key.commitments(), chainCode == null ? null : WireFields.toHex(chainCode), key.evidence(),
                key.sealedShard());
    }

    private static byte[] anotherChainCode(SyncedKey key) {
        byte[] chainCode = WireFields.hex("chainCode", key.chainCode(), 32);
        chainCode[31] ^= 1;
        return chainCode;
    }

    /**
     * The page as a key reshared before {@code T'} bound the chain code would be served: every node's
     * batch ack holds, for key {@code keyId}, the ack on the specification's {@code T'} (without the
     * chain code) instead of the binding one, signed again by that node's own identity.
     */
    private static SyncBatch acknowledgedWithoutChainCode(SyncBatch batch, String keyId) {
        SyncedKey key = keyOf(batch, keyId);
        ReshareKeyEvidence reshare = key.evidence().reshare();
        Registry registry = registry();
        byte[] approval = SyncCheck.approvalDigest(devnet.context(ASKING).getBean(LocalNode.class).registryChain());
        ReshareParameters parameters = reshare.session().parameters(registry.networkId(), reshare.oldEpoch(), approval,
                registry.committeeCount());
        SortedMap<Integer, List<Point>> contributions = new TreeMap<>();
        List<Integer> party = List.copyOf(parameters.contributors().keySet());
        for (int position = 0; position < party.size(); position++) {
            contributions.put(party.get(position), reshare.contributions().get(position).stream()
                    .map(hex -> WireFields.point("E", hex)).toList());
        }
        ReshareTranscript.Recomputed recomputed;
        try {
            recomputed = ReshareTranscript.recomputed(parameters, contributions,
                    WireFields.hex("chainCode", key.chainCode(), 32));
        } catch (DkgAbort abort) {
            throw new AssertionError(abort);
        }
        AckScope scope = new AckScope(AckScope.RESHARE, key.userId(), key.keyId(), registry.epoch());
        Point publicKey = parameters.publicKey();
        return withBatches(batch, shared -> {
            if (!shared.batch().equals(reshare.batch())) {
                return shared;
            }
            byte[] batchDigest = WireFields.hex("batch", shared.batch(), 32);
            List<ReshareBatchEvidence.Ack> acks = new ArrayList<>();
            for (ReshareBatchEvidence.Ack ack : shared.acks()) {
                byte[] concatenated = WireFields.base64("ackDigests", ack.ackDigests(), 1 << 20);
                byte[] bound = scope.digest(ack.nodeId(), ack.committee(), recomputed.transcriptHash(), publicKey);
                byte[] before = scope.digest(ack.nodeId(), ack.committee(), recomputed.transcriptWithoutChainCode(),
                        publicKey);
                List<byte[]> digests = new ArrayList<>();
                boolean replaced = false;
                for (int offset = 0; offset < concatenated.length; offset += 32) {
                    byte[] digest = Arrays.copyOfRange(concatenated, offset, offset + 32);
                    replaced |= Arrays.equals(digest, bound);
                    digests.add(Arrays.equals(digest, bound) ? before : digest);
                }
                assertThat(replaced).as(ack.nodeId() + " acknowledged the binding T'").isTrue();
                byte[] signature = devnet.context(ack.nodeId()).getBean(LocalNode.class).identity()
                        .sign(ReshareBatchAck.digest(ack.nodeId(), ack.committee(), batchDigest, digests));
                acks.add(new ReshareBatchEvidence.Ack(ack.nodeId(), ack.committee(),
                        WireFields.toBase64(Encoding.concat(digests.toArray(byte[][]::new))),
                        WireFields.toHex(signature)));
            }
            return new ReshareBatchEvidence(shared.batch(), shared.sessionIds(), acks);
        });
    }

    private static SyncedKey networkKeyOf(SyncBatch batch) {
        return batch.keys().stream().filter(key -> key.keyId().equals(networkKey.keyId())).findFirst().orElseThrow();
    }

    private static String sealToAsking(SyncedKey key, Scalar share) {
        Registry registry = registry();
        byte[] info = SyncShareBinding.contextInfo(registry.networkId(), registry.epoch(), key.userId(), key.keyId(),
                LIAR, ASKING);
        return WireFields.toBase64(PeerKeys.of(registry.node(ASKING).orElseThrow()).encrypt(share.toBytes(), info));
    }

    private static void assertSignsInAPartyWith(String node, String keyId, Point publicKey) throws Exception {
        Registry registry = registry();
        CatchUpRuns.signsInAPartyWith(HTTP, manager, registry, ACCOUNT, node, keyId, publicKey, registry.threshold());
    }

    private static TrustedNetwork discover() throws Exception {
        return new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    /** The registry the nodes run now (the devnet's own is the one it started with). */
    private static Registry registry() {
        return devnet.context("node-1a").getBean(LocalNode.class).registry();
    }

    private static EncryptedStore store(String node) {
        return devnet.context(node).getBean(NodeStore.class).store();
    }

    private static String flipLastHexDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}
