package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.testing.keygen.Activations;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.ProofOfKnowledge;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.user.EncryptedShard;
import java.security.SecureRandom;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncShareBinding;
import io.sigil.wire.sync.SyncedKey;
import io.sigil.wire.sync.SyncedTombstone;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that lies in catch-up (docs/keygen.md §3.7) is refused, naming it, before anything is
 * stored: a real page from {@code node-2a} to {@code node-2b} passes {@code node-2b}'s checks, and
 * each single lie in it (a wrong shard, a wrong shard with commitments solved to pass Feldman, a
 * forged contributor proof, a contributor's commitment list of the wrong length, a shard sealed for
 * another key, an ack set missing a committee, another chain code, a bundle the user did not sign,
 * a forged deletion) is refused
 * with its reason and the replica's name. A node of another committee asking is refused by the
 * answering node.
 */
class LyingReplicaTest {
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final String LIAR = "node-2a";
    private static final String ASKING = "node-2b";

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static SyncBatch honest;
    private static NetworkKey networkKey;
    private static Registration dealtKey;
    private static AccountKey account;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        account = AccountKey.generate();
        networkKey = new NetworkKeyClient(HTTP).generate(network, account, NewKeyOptions.defaults(), Duration.ofSeconds(60));
        Activations.settled(devnet); // the replicas asked below hold it ACTIVE
        dealtKey = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        Registration deleted = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        assertThat(new UserClient(HTTP).delete(network, account, deleted.keyId(), deleted.publicKey()).isComplete())
                .isTrue();
        SignedNodeClient.Answer answer = devnet.context(ASKING).getBean(SignedNodeClient.class)
                .postJson(entry(LIAR), SyncController.PATH, request());
        assertThat(answer.status()).isEqualTo(200);
        honest = Json.read(answer.body(), SyncBatch.class);
        assertThat(honest.keys()).hasSize(2);
        assertThat(honest.tombstones()).hasSize(1);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void theHonestPagePassesEveryCheck() throws Exception {
        SyncCheck.CheckedPage page = check(honest);
        assertThat(page.keys()).hasSize(2);
        assertThat(page.tombstones()).hasSize(1);
        assertThat(page.withoutEvidence()).isZero();
        page.destroy();
    }

    @Test
    void aNodeOfAnotherCommitteeIsRefusedByTheAnsweringReplica() throws Exception {
        SignedNodeClient.Answer answer = devnet.context("node-1a").getBean(SignedNodeClient.class)
                .postJson(entry(LIAR), SyncController.PATH, request());

        assertThat(answer.status()).isEqualTo(403);
        Problem problem = answer.problem().orElseThrow();
        assertThat(problem.type()).endsWith("sync-refused");
        assertThat(problem.detail()).contains("node-1a").contains("committee 2");
    }

    @Test
    void aWrongShardFailsTheFeldmanCheckNamingTheReplica() {
        String sealed = sealToAsking(network(honest), Scalar.fromLong(12345));

        assertRefused(withNetworkKey(key -> copy(key, key.commitments(), key.chainCode(), key.evidence(), sealed)),
                Reason.SHARE_INVALID);
    }

    /**
     * The attack the ack set alone does not stop: the ack set binds only {@code (T, PK)}, so a
     * replica can serve another shard {@code s'} with {@code C'_1} solved so that Feldman holds for
     * it and {@code C'_0 = PK}. Only recomputing {@code T} from every contributor's commitments
     * (and {@code C_k = Σ_d A_{d,k}}) catches it.
     */
    @Test
    void aWrongShardWithCommitmentsSolvedToPassFeldmanIsForgedEvidence() {
        SyncedKey key = network(honest);
        Scalar wrong = Scalar.fromLong(12345);
        List<Point> commitments = new ArrayList<>();
        key.commitments().forEach(hex -> commitments.add(WireFields.point("commitment", hex)));
        // s'·G = C_0 + j·C'_1 + Σ_{k≥2} j^k·C_k at j = 2 (this committee), solved for C'_1
        Scalar j = Scalar.fromLong(2);
        Point rest = commitments.getFirst();
        Scalar power = j;
        for (int k = 2; k < commitments.size(); k++) {
            power = power.multiply(j);
            rest = rest.add(commitments.get(k).multiply(power));
        }
        commitments.set(1, Point.baseMultiply(wrong).subtract(rest).multiply(j.invert()));
        List<String> fabricated = commitments.stream().map(WireFields::pointHex).toList();
        String sealed = sealToAsking(key, wrong);

        assertRefused(withNetworkKey(served -> copy(served, fabricated, served.chainCode(), served.evidence(), sealed)),
                Reason.FORGED_EVIDENCE, "C_k = Σ_d A_{d,k}");
    }

    @Test
    void aForgedContributorProofIsForgedEvidence() {
        SyncedKey key = network(honest);
        List<String> reveals = rebound(key.evidence(), reveal -> new Reveal(reveal.contributor(),
                reveal.commitSetHash(), reveal.commitments(), new ProofOfKnowledge(reveal.proof().commitment(),
                reveal.proof().response().add(Scalar.ONE))));

        assertRefused(withNetworkKey(served -> copy(served, served.commitments(), served.chainCode(),
                withReveals(served.evidence(), reveals), served.sealedShard())), Reason.FORGED_EVIDENCE, "ProofInvalid");
    }

    @Test
    void aContributorCommitmentListOfTheWrongLengthIsForgedEvidence() {
        SyncedKey key = network(honest);
        List<String> reveals = rebound(key.evidence(), reveal -> {
            List<Point> longer = new ArrayList<>(reveal.commitments());
            longer.add(Point.generator());
            return new Reveal(reveal.contributor(), reveal.commitSetHash(), longer, reveal.proof());
        });

        assertRefused(withNetworkKey(served -> copy(served, served.commitments(), served.chainCode(),
                withReveals(served.evidence(), reveals), served.sealedShard())), Reason.FORGED_EVIDENCE,
                "WrongCommitmentCount");
    }

    @Test
    void aServedCommitmentListOfTheWrongLengthIsMalformed() {
        assertRefused(withNetworkKey(key -> {
            List<String> longer = new ArrayList<>(key.commitments());
            longer.add(WireFields.pointHex(Point.generator()));
            return copy(key, longer, key.chainCode(), key.evidence(), key.sealedShard());
        }), Reason.MALFORMED);
    }

    @Test
    void aNetworkKeyWhoseEvidenceCannotRecomputeTheTranscriptIsSkippedNotStored() throws Exception {
        // the form of a key activated before the session and reveals were kept: acks on (T, PK) only
        SyncBatch old = withNetworkKey(key -> copy(key, key.commitments(), key.chainCode(),
                KeyEvidence.activation(key.evidence().transcriptHash(), key.evidence().acks(), null, null),
                key.sealedShard()));

        SyncCheck.CheckedPage page = check(old);

        assertThat(page.withoutEvidence()).isEqualTo(1);
        assertThat(page.keys()).extracting(SyncCheck.CheckedKey::keyId).containsExactly(dealtKey.keyId());
        page.destroy();
    }

    @Test
    void aShardSealedForAnotherKeyDoesNotOpen() {
        SyncedKey dealt = dealt(honest);
        assertRefused(withNetworkKey(key -> copy(key, key.commitments(), key.chainCode(), key.evidence(),
                dealt.sealedShard())), Reason.SHARE_UNREADABLE);
    }

    @Test
    void anAckSetMissingACommitteeIsForgedEvidence() {
        assertRefused(withNetworkKey(key -> {
            List<DkgAck> acks = key.evidence().acks().stream().filter(ack -> ack.committee() != 3).toList();
            return copy(key, key.commitments(), key.chainCode(),
                    withAcks(key.evidence(), acks), key.sealedShard());
        }), Reason.FORGED_EVIDENCE);
    }

    @Test
    void anotherChainCodeIsForgedEvidence() {
        assertRefused(withNetworkKey(key -> copy(key, key.commitments(), "00".repeat(32), key.evidence(),
                key.sealedShard())), Reason.FORGED_EVIDENCE);
    }

    @Test
    void aForgedAckSignatureIsForgedEvidence() {
        assertRefused(withNetworkKey(key -> {
            List<DkgAck> acks = new ArrayList<>(key.evidence().acks());
            DkgAck first = acks.getFirst();
            acks.set(0, new DkgAck(first.nodeId(), first.committee(), first.transcriptHash(), first.publicKey(),
                    flipFirstHexDigit(first.signature())));
            return copy(key, key.commitments(), key.chainCode(),
                    withAcks(key.evidence(), acks), key.sealedShard());
        }), Reason.FORGED_EVIDENCE);
    }

    @Test
    void aBundleTheUserDidNotSignIsForgedEvidence() {
        SyncBatch lying = replaceKey(honest, dealt(honest), key -> {
            NewUserBundle bundle = key.evidence().bundle();
            NewUserBundle forged = new NewUserBundle(bundle.networkId(), bundle.epoch(), bundle.userId(), bundle.keyId(),
                    bundle.threshold(), bundle.committee(), bundle.accountKey(), bundle.commitments(), bundle.shards(),
                    bundle.expiresAt(), bundle.nonce(), bundle.chainCode(), flipFirstHexDigit(bundle.signature()));
            return copy(key, key.commitments(), key.chainCode(), KeyEvidence.dealt(forged), key.sealedShard());
        });
        assertRefused(lying, Reason.FORGED_EVIDENCE);
    }

    @Test
    void aDealtKeyWithAnotherChainCodeThanTheSignedBundleIsForgedEvidence() {
        SyncedKey network = network(honest);
        assertThat(dealt(honest).chainCode()).as("the dealt key's own chain code is served").isNotNull()
                .isNotEqualTo(network.chainCode());
        SyncBatch swapped = replaceKey(honest, dealt(honest), key -> copy(key, key.commitments(), network.chainCode(),
                key.evidence(), key.sealedShard()));
        assertRefused(swapped, Reason.FORGED_EVIDENCE);
        SyncBatch stripped = replaceKey(honest, dealt(honest), key -> copy(key, key.commitments(), null,
                key.evidence(), key.sealedShard()));
        assertRefused(stripped, Reason.FORGED_EVIDENCE);
    }

    @Test
    void aDealtKeyStoredBeforeChainCodesIsCaughtUpWithoutOneUnderItsOldSignedBundle() throws Exception {
        // what a replica holds of a key an older client registered: a v2 bundle (no chain code) as its
        // evidence, a record without a chain code; the requester keeps it so (the legacy rule, keygen §4.1)
        DealtKey old = FeldmanDealer.generate(2, 3, new SecureRandom());
        List<EncryptedShard> shards = List.of(new EncryptedShard(LIAR, WireFields.toBase64(new byte[48])),
                new EncryptedShard(ASKING, WireFields.toBase64(new byte[48])));
        byte[] nonce = new byte[NewUserBundle.NONCE_LENGTH];
        long expiresAt = 1_893_456_000L;
        byte[] signature = account.sign(NewUserBundle.signedMessage(NetworkBinding.of(registry()), account.userId(),
                dealtKey.keyId(), 2, 2, account.publicKey(), old.commitments(), shards, shard -> new byte[48],
                expiresAt, nonce));
        List<String> commitments = old.commitments().coefficients().stream().map(WireFields::pointHex).toList();
        NewUserBundle bundle = new NewUserBundle(registry().networkId(), registry().epoch(), account.userId(),
                dealtKey.keyId(), 2, 2, account.publicKey().toHex(), commitments, shards, expiresAt,
                WireFields.toHex(nonce), WireFields.toHex(signature));
        SyncedKey served = dealt(honest);
        SyncBatch legacy = replaceKey(honest, served, key -> copy(key, commitments, null, KeyEvidence.dealt(bundle),
                sealToAsking(key, old.shard(2).share())));

        SyncCheck.CheckedPage page = check(legacy);
        assertThat(page.keys()).filteredOn(key -> key.keyId().equals(dealtKey.keyId())).singleElement()
                .satisfies(key -> assertThat(key.record().chainCode()).isEmpty());
        page.destroy();
        // and a chain code added to it is not the user's: the v2 signature covers none
        assertRefused(replaceKey(legacy, dealt(legacy), key -> copy(key, key.commitments(), served.chainCode(),
                key.evidence(), key.sealedShard())), Reason.FORGED_EVIDENCE);
        old.destroy();
    }

    @Test
    void aDealtKeyWithOtherCommitmentsThanTheSignedBundleIsForgedEvidence() {
        SyncedKey network = network(honest);
        SyncBatch lying = replaceKey(honest, dealt(honest), key -> copy(key, network.commitments(), key.chainCode(),
                key.evidence(), key.sealedShard()));
        assertRefused(lying, Reason.FORGED_EVIDENCE);
    }

    @Test
    void aDeletionTheUserDidNotSignIsRefused() {
        SyncedTombstone tombstone = honest.tombstones().getFirst();
        DeleteUserRequest real = tombstone.deletion();
        DeleteUserRequest forged = new DeleteUserRequest(real.networkId(), real.epoch(), real.userId(), real.keyId(),
                real.publicKey(), real.expiresAt(), real.nonce(), real.accountKey(), flipFirstHexDigit(real.signature()));
        SyncBatch lying = new SyncBatch(honest.nodeId(), honest.committee(), honest.total(), honest.keys(),
                List.of(new SyncedTombstone(tombstone.userId(), tombstone.keyId(), tombstone.accountKey(),
                        tombstone.publicKey(), forged)), honest.nextCursor());
        assertRefused(lying, Reason.FORGED_DELETION);
    }

    @Test
    void aKeyThatDiffersFromTheOneHeldIsAConflictAndNothingOfThePageIsWritten() throws Exception {
        SyncCheck.CheckedPage checked = check(honest);
        SyncCheck.CheckedKey network = checked.keys().stream().filter(key -> key.keyId().equals(networkKey.keyId()))
                .findFirst().orElseThrow();
        SyncCheck.CheckedKey dealt = checked.keys().stream().filter(key -> key.keyId().equals(dealtKey.keyId()))
                .findFirst().orElseThrow();
        // the dealt key's record offered under the network key's id: node-2b holds another record there
        SyncCheck.CheckedPage conflicting = new SyncCheck.CheckedPage(List.of(new SyncCheck.CheckedKey(network.userId(),
                network.keyId(), dealt.record(), dealt.evidence())), List.of(), 0, 1, "zzz");
        SyncWriter writer = devnet.context(ASKING).getBean(SyncWriter.class);

        assertThatThrownBy(() -> writer.write(LIAR, conflicting)).isInstanceOfSatisfying(SyncRefusedException.class,
                refused -> {
                    assertThat(refused.replica()).isEqualTo(LIAR);
                    assertThat(refused.reason()).isEqualTo(Reason.CONFLICT);
                });
        var held = devnet.context(ASKING).getBean(io.sigil.node.user.KeyRegistrations.class)
                .find(networkKey.userId(), networkKey.keyId()).orElseThrow();
        assertThat(held.publicKey()).isEqualTo(networkKey.publicKey());
        held.destroy();
        assertThat(writer.cursor(LIAR)).as("the cursor did not move").isEmpty();
        checked.destroy();
    }

    @Test
    void aPageThatDoesNotMoveOnIsRefused() {
        SyncBatch lying = new SyncBatch(honest.nodeId(), honest.committee(), honest.total(), honest.keys(),
                honest.tombstones(), "");
        assertRefused(lying, Reason.MALFORMED);
    }

    private static void assertRefused(SyncBatch lying, Reason reason) {
        assertRefused(lying, reason, "");
    }

    private static void assertRefused(SyncBatch lying, Reason reason, String why) {
        assertThatThrownBy(() -> check(lying)).isInstanceOfSatisfying(SyncRefusedException.class, refused -> {
            assertThat(refused.replica()).isEqualTo(LIAR);
            assertThat(refused.reason()).as(refused.getMessage()).isEqualTo(reason);
            assertThat(refused.getMessage()).startsWith("replica " + LIAR + ": ").contains(why);
        });
    }

    /**
     * The evidence's reveals with the first contributor's changed by {@code change}, and every reveal
     * re-bound to the commit set rebuilt from the changed {@code h_d}: a liar can do that, so the
     * check under test is the one that must refuse, not the commit-set binding.
     */
    private static List<String> rebound(KeyEvidence evidence, UnaryOperator<Reveal> change) {
        byte[] sessionId = evidence.session().parameters(registry().committeeCount()).sessionId();
        List<Reveal> reveals = new ArrayList<>();
        for (String encoded : evidence.reveals()) {
            reveals.add(Reveal.decode(WireFields.base64("reveal", encoded, 1 << 16)));
        }
        reveals.set(0, change.apply(reveals.getFirst()));
        SortedMap<Integer, byte[]> hashes = new TreeMap<>();
        reveals.forEach(reveal -> hashes.put(reveal.contributor(), reveal.commitHash(sessionId)));
        byte[] setHash = new CommitSet(hashes).digest(sessionId);
        return reveals.stream().map(reveal -> new Reveal(reveal.contributor(), setHash, reveal.commitments(),
                reveal.proof())).map(reveal -> WireFields.toBase64(reveal.encode())).toList();
    }

    private static KeyEvidence withAcks(KeyEvidence evidence, List<DkgAck> acks) {
        return KeyEvidence.activation(evidence.transcriptHash(), acks, evidence.session(), evidence.reveals());
    }

    private static KeyEvidence withReveals(KeyEvidence evidence, List<String> reveals) {
        return KeyEvidence.activation(evidence.transcriptHash(), evidence.acks(), evidence.session(), reveals);
    }

    private static SyncCheck.CheckedPage check(SyncBatch batch) throws SyncRefusedException {
        LocalNode local = devnet.context(ASKING).getBean(LocalNode.class);
        return new SyncCheck(local.registry(), ASKING, 2, local.identity()::decrypt, null).check(LIAR, "",
                SyncRequest.MAX_LIMIT, batch);
    }

    private static SyncBatch withNetworkKey(UnaryOperator<SyncedKey> change) {
        return replaceKey(honest, network(honest), change);
    }

    private static SyncBatch replaceKey(SyncBatch batch, SyncedKey target, UnaryOperator<SyncedKey> change) {
        List<SyncedKey> keys = batch.keys().stream().map(key -> key == target ? change.apply(key) : key).toList();
        return new SyncBatch(batch.nodeId(), batch.committee(), batch.total(), keys, batch.tombstones(),
                batch.nextCursor());
    }

    private static SyncedKey copy(SyncedKey key, List<String> commitments, String chainCode, KeyEvidence evidence,
                                  String sealedShard) {
        return new SyncedKey(key.userId(), key.keyId(), key.origin(), key.accountKey(), key.threshold(), commitments,
                chainCode, evidence, sealedShard);
    }

    private static SyncedKey network(SyncBatch batch) {
        return batch.keys().stream().filter(key -> key.keyId().equals(networkKey.keyId())).findFirst().orElseThrow();
    }

    private static SyncedKey dealt(SyncBatch batch) {
        return batch.keys().stream().filter(key -> key.keyId().equals(dealtKey.keyId())).findFirst().orElseThrow();
    }

    private static String sealToAsking(SyncedKey key, Scalar share) {
        byte[] info = SyncShareBinding.contextInfo(registry().networkId(), registry().epoch(), key.userId(),
                key.keyId(), LIAR, ASKING);
        return WireFields.toBase64(PeerKeys.of(entry(ASKING)).encrypt(share.toBytes(), info));
    }

    private static String flipFirstHexDigit(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }

    private static SyncRequest request() {
        return new SyncRequest(registry().networkId(), registry().epoch(), "", SyncRequest.MAX_LIMIT);
    }

    private static Registry registry() {
        return devnet.registry();
    }

    private static NodeEntry entry(String id) {
        return registry().node(id).orElseThrow();
    }
}
