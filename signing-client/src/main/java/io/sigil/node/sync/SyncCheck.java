package io.sigil.node.sync;

import io.sigil.crypto.dkg.ShareSealing;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.Tombstone;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.registry.Registry;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncShareBinding;
import io.sigil.wire.sync.SyncedKey;
import io.sigil.wire.sync.SyncedTombstone;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.VerifiedNewUser;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requester's checks of one page of a replica's catch-up answer (keygen §3.7), before anything
 * is written: the page is the one asked for (sender, committee, ascending keys after the cursor, at
 * most the limit, a next cursor that moves on); per key the public record's form, its evidence
 * (a network key's recomputed transcript binding every commitment and its ack set, see
 * {@link NetworkKeyEvidence}; a dealt key's bundle signed by the account key over these very
 * commitments, for this network and committee; a reshared key's recomputed {@code T'}, which binds
 * its chain code, and the batch acks of every new committee, see {@link ReshareKeyCheck}), the sealed shard opening under the sync-share
 * binding, and Feldman {@code s_j·G == Σ_k (j^k mod q)·C_k}; per tombstone the user's signed
 * deletion. The first failure refuses the whole page naming the replica. What it cannot check
 * against this node's own store (conflicts, tombstones held) is {@link SyncWriter}'s.
 */
final class SyncCheck {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncCheck.class);
    private final Registry registry;
    private final String self;
    private final int committee;
    private final ShareSealing.Opener opener;
    private final NetworkKeyEvidence networkEvidence;
    private final EvidenceEpochs epochs;

    /**
     * {@code approvalDigest}: SHA-256 of the running epoch's registry document from this node's
     * committed chain, which reshared keys' evidence must name (null at genesis: no key was reshared).
     */
    SyncCheck(Registry registry, String self, int committee, ShareSealing.Opener opener, byte[] approvalDigest) {
        this(EvidenceEpochs.runningOnly(registry, approvalDigest), self, committee, opener);
    }

    /**
     * Accepting evidence of the running epoch and of every earlier epoch reached only by
     * add-replicas changes in this node's committed {@code chain} (docs/keygen.md §3.8).
     */
    SyncCheck(io.sigil.registry.governance.RegistryChain chain, Registry registry, String self, int committee,
              ShareSealing.Opener opener) {
        this(EvidenceEpochs.of(chain, registry), self, committee, opener);
    }

    private SyncCheck(EvidenceEpochs epochs, String self, int committee, ShareSealing.Opener opener) {
        this.registry = epochs.running();
        this.self = self;
        this.committee = committee;
        this.opener = opener;
        this.epochs = epochs;
        this.networkEvidence = new NetworkKeyEvidence(epochs);
    }

    /** The approval digest of the running epoch from {@code chain}, or null at genesis. */
    static byte[] approvalDigest(io.sigil.registry.governance.RegistryChain chain) {
        return chain.epochs().isEmpty() ? null : java.util.HexFormat.of()
                .parseHex(chain.epochs().getLast().approval().documentSha256());
    }

    /** A key that passed every check; holds its shard (the caller destroys the record). */
    record CheckedKey(String userId, String keyId, KeyRecord record, byte[] evidence) {
    }

    /** A tombstone whose deletion the user signed. */
    record CheckedTombstone(String userId, String keyId, Tombstone tombstone) {
    }

    /**
     * A checked page: what may be stored, how many entries came without verifiable evidence, and the
     * shared reshare-batch evidence (JSON by batch digest) its stored keys name.
     */
    record CheckedPage(List<CheckedKey> keys, List<CheckedTombstone> tombstones, int withoutEvidence, int received,
                       String nextCursor, Map<String, byte[]> reshareBatches) {
        CheckedPage(List<CheckedKey> keys, List<CheckedTombstone> tombstones, int withoutEvidence, int received,
                    String nextCursor) {
            this(keys, tombstones, withoutEvidence, received, nextCursor, Map.of());
        }

        void destroy() {
            keys.forEach(key -> key.record().destroy());
        }
    }

    CheckedPage check(String peer, String cursor, int limit, SyncBatch batch) throws SyncRefusedException {
        checkPage(peer, committee, cursor, limit, batch);
        Map<String, ReshareBatchEvidence> batches = new HashMap<>();
        for (ReshareBatchEvidence shared : batch.reshareBatches()) {
            if (shared == null || shared.batch() == null || batches.put(shared.batch(), shared) != null) {
                throw new SyncRefusedException(peer, Reason.MALFORMED, "a reshare batch is unnamed or there twice");
            }
        }
        Map<Long, ReshareKeyCheck> reshareChecks = new HashMap<>(); // by the epoch the evidence was made for
        Map<String, byte[]> usedBatches = new HashMap<>();
        List<CheckedKey> keys = new ArrayList<>();
        List<CheckedTombstone> tombstones = new ArrayList<>();
        int withoutEvidence = 0;
        try {
            for (SyncedKey key : batch.keys()) {
                Optional<CheckedKey> checked = checkKey(peer, key, reshareChecks, batches);
                if (checked.isPresent() && key.evidence().reshare() != null) {
                    String digest = key.evidence().reshare().batch();
                    usedBatches.put(digest, Json.writeBytes(batches.get(digest)));
                }
                checked.ifPresent(keys::add);
                withoutEvidence += checked.isEmpty() ? 1 : 0;
            }
            for (SyncedTombstone tombstone : batch.tombstones()) {
                Optional<CheckedTombstone> checked = checkTombstone(peer, tombstone);
                checked.ifPresent(tombstones::add);
                withoutEvidence += checked.isEmpty() ? 1 : 0;
            }
        } catch (SyncRefusedException | RuntimeException refused) {
            keys.forEach(key -> key.record().destroy());
            throw refused;
        }
        return new CheckedPage(keys, tombstones, withoutEvidence, batch.keys().size() + batch.tombstones().size(),
                batch.nextCursor(), usedBatches);
    }

    /**
     * A page of tombstones alone from {@code peer}, a signing node of committee {@code peerCommittee}
     * (any committee): the page checks as above, holds no key, and every deletion is the user's.
     */
    CheckedPage checkTombstones(String peer, int peerCommittee, String cursor, int limit, SyncBatch batch)
            throws SyncRefusedException {
        checkPage(peer, peerCommittee, cursor, limit, batch);
        if (!batch.keys().isEmpty() || !batch.reshareBatches().isEmpty()) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "a page of tombstones holds keys");
        }
        List<CheckedTombstone> tombstones = new ArrayList<>();
        int withoutEvidence = 0;
        for (SyncedTombstone tombstone : batch.tombstones()) {
            Optional<CheckedTombstone> checked = checkTombstone(peer, tombstone);
            checked.ifPresent(tombstones::add);
            withoutEvidence += checked.isEmpty() ? 1 : 0;
        }
        return new CheckedPage(List.of(), tombstones, withoutEvidence, batch.tombstones().size(), batch.nextCursor());
    }

    private void checkPage(String peer, int expectedCommittee, String cursor, int limit, SyncBatch batch)
            throws SyncRefusedException {
        if (!peer.equals(batch.nodeId()) || batch.committee() != expectedCommittee) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "the page names node " + batch.nodeId()
                    + " of committee " + batch.committee() + ", not " + peer + " of committee " + expectedCommittee);
        }
        if (batch.keys().size() + batch.tombstones().size() > limit) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "the page holds more than the " + limit
                    + " entries asked for");
        }
        List<String> keys = new ArrayList<>();
        batch.keys().forEach(key -> keys.add(key.userId() + "/" + key.keyId()));
        batch.tombstones().forEach(tombstone -> keys.add(tombstone.userId() + "/" + tombstone.keyId()));
        keys.sort(SyncCheck::compareKeys);
        String previous = cursor;
        for (String key : keys) {
            if (compareKeys(key, previous) <= 0) {
                throw new SyncRefusedException(peer, Reason.MALFORMED, "entry " + WireFields.printable(key)
                        + " does not follow " + WireFields.printable(previous) + " (a page is ascending, after the cursor,"
                        + " each key once)");
            }
            previous = key;
        }
        if (batch.nextCursor() != null && compareKeys(batch.nextCursor(), previous) < 0) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "the next cursor does not move past the page");
        }
        if (batch.nextCursor() != null && compareKeys(batch.nextCursor(), cursor) <= 0) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "the next cursor does not move past the cursor");
        }
    }

    /** Unsigned byte order of the UTF-8 store keys, the order the store keeps them in. */
    static int compareKeys(String left, String right) {
        return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<CheckedKey> checkKey(String peer, SyncedKey key, Map<Long, ReshareKeyCheck> reshareChecks,
                                          Map<String, ReshareBatchEvidence> batches) throws SyncRefusedException {
        String userId;
        String keyId;
        PublicKeyBytes account;
        FeldmanCommitments commitments;
        byte[] chainCode;
        try {
            userId = WireFields.identifier("userId", key.userId());
            keyId = WireFields.identifier("keyId", key.keyId());
            account = WireFields.publicKey("accountKey", key.accountKey());
            if (!AccountKey.userIdOf(account).equals(userId)) {
                throw new WireFormatException("userId", "is not the id of the account key");
            }
            if (key.threshold() < 2 || key.threshold() > registry.committeeCount()) {
                throw new WireFormatException("threshold", "must be between 2 and " + registry.committeeCount());
            }
            List<String> encoded = WireFields.boundedList("commitments", key.commitments(), key.threshold(),
                    key.threshold());
            List<Point> points = new ArrayList<>();
            for (int index = 0; index < encoded.size(); index++) {
                points.add(WireFields.point("commitments[" + index + "]", encoded.get(index)));
            }
            commitments = new FeldmanCommitments(points);
            chainCode = key.chainCode() == null ? null : WireFields.hex("chainCode", key.chainCode(), 32);
        } catch (IllegalArgumentException malformed) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, "key " + WireFields.printable(key.userId() + "/"
                    + key.keyId()) + ": " + malformed.getMessage());
        }
        String name = "key " + keyId + " of user " + userId;
        boolean network = SyncedKey.NETWORK.equals(key.origin());
        boolean reshared = key.evidence() != null && key.evidence().reshare() != null;
        if (key.evidence() == null || (network && !reshared && !key.evidence().bindsTranscript())) {
            // a record stored before evidence was kept, or a network key activated before what T is
            // computed from was kept (its commitments are bound to nothing): skipped, reported
            return Optional.empty();
        }
        if (reshared) {
            // a key of either origin reshared to this epoch, or to one this epoch only added replicas to:
            // its reshare, acknowledged by every committee of the epoch it was reshared to
            long madeIn = key.evidence().reshare().oldEpoch() + 1;
            EvidenceEpochs.Epoch at = epochs.require(peer, name, registry.networkId(), madeIn);
            ReshareKeyCheck reshareCheck = reshareChecks.computeIfAbsent(madeIn, ignored -> new ReshareKeyCheck(
                    at.registry(), at.directory(), at.approvalDigest()));
            if (reshareCheck.check(peer, name, userId, keyId, key.threshold(), commitments, chainCode,
                    key.evidence().reshare(), batches) == ReshareKeyCheck.ChainCode.UNPROVEN) {
                // reshared before T' bound the chain code: stored as before, its chain code on the replica's word
                LOG.info("{}: reshared before T' bound the chain code; its chain code is as replica {} served it", name,
                        peer);
            }
        } else if (network) {
            networkEvidence.check(peer, name, userId, keyId, account, key.threshold(), commitments, chainCode,
                    key.evidence());
        } else if (SyncedKey.DEALT.equals(key.origin())) {
            checkBundle(peer, name, userId, keyId, key.threshold(), account, commitments, chainCode, key.evidence());
        } else {
            throw new SyncRefusedException(peer, Reason.MALFORMED, name + ": origin '"
                    + WireFields.printable(String.valueOf(key.origin())) + "' is neither network nor dealt");
        }
        Scalar share = openShare(peer, name, userId, keyId, commitments, key.sealedShard());
        KeyRecord record = new KeyRecord(committee, key.threshold(), account, commitments, share, chainCode);
        return Optional.of(new CheckedKey(userId, keyId, record, Json.writeBytes(key.evidence())));
    }

    /**
     * A dealt key: the user's own signature over these commitments and this chain code (none for a
     * key registered before chain codes, docs/keygen.md §4.1), for this network and committee.
     */
    private void checkBundle(String peer, String name, String userId, String keyId, int threshold,
                             PublicKeyBytes account, FeldmanCommitments commitments, byte[] chainCode,
                             KeyEvidence evidence) throws SyncRefusedException {
        if (evidence.bundle() == null) {
            throw new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": a dealt key without its signed bundle");
        }
        VerifiedNewUser bundle;
        try {
            bundle = evidence.bundle().verifyAsEvidence();
        } catch (WireFormatException forged) {
            throw new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": bundle " + forged.getMessage());
        }
        // dealt in the running epoch or one it only added replicas to (same committee indices)
        epochs.require(peer, name + ": bundle", bundle.network().networkId(), bundle.network().epoch());
        boolean matches = bundle.userId().equals(userId) && bundle.keyId().equals(keyId)
                && bundle.committee() == committee && bundle.threshold() == threshold
                && bundle.accountKey().equals(account) && bundle.commitments().equals(commitments)
                && Arrays.equals(bundle.chainCode(), chainCode);
        if (!matches) {
            throw new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name
                    + ": the signed bundle is for another key, committee, threshold, set of commitments or chain code");
        }
    }

    private Scalar openShare(String peer, String name, String userId, String keyId, FeldmanCommitments commitments,
                             String sealed) throws SyncRefusedException {
        byte[] ciphertext;
        byte[] plaintext;
        try {
            ciphertext = WireFields.base64("sealedShard", sealed, 1024);
            plaintext = opener.open(ciphertext, SyncShareBinding.contextInfo(registry.networkId(), registry.epoch(),
                    userId, keyId, peer, self));
        } catch (WireFormatException | GeneralSecurityException unreadable) {
            throw new SyncRefusedException(peer, Reason.SHARE_UNREADABLE, name
                    + ": the sealed shard does not open for this node under the sync-share binding");
        }
        try {
            Scalar share;
            try {
                share = WireFields.nonZeroScalar("sealedShard", plaintext);
            } catch (WireFormatException notScalar) {
                throw new SyncRefusedException(peer, Reason.SHARE_INVALID, name + ": the shard is not a scalar in [1, q)");
            }
            if (plaintext.length != Scalar.ENCODED_LENGTH || !commitments.verifyShard(committee, share)) {
                throw new SyncRefusedException(peer, Reason.SHARE_INVALID, name + ": the shard of committee " + committee
                        + " fails the Feldman check s·G == Σ_k (j^k mod q)·C_k");
            }
            return share;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private Optional<CheckedTombstone> checkTombstone(String peer, SyncedTombstone tombstone)
            throws SyncRefusedException {
        String name = "tombstone " + WireFields.printable(tombstone.userId() + "/" + tombstone.keyId());
        if (tombstone.deletion() == null) {
            return Optional.empty(); // written before deletions were kept: nothing proves the user asked
        }
        PublicKeyBytes account;
        Point publicKey;
        try {
            WireFields.identifier("userId", tombstone.userId());
            WireFields.identifier("keyId", tombstone.keyId());
            account = WireFields.publicKey("accountKey", tombstone.accountKey());
            publicKey = WireFields.point("publicKey", tombstone.publicKey());
        } catch (WireFormatException malformed) {
            throw new SyncRefusedException(peer, Reason.MALFORMED, name + ": " + malformed.getMessage());
        }
        DeleteUserRequest deletion = tombstone.deletion();
        try {
            deletion.checkFormIgnoringExpiry();
            // a deletion signed in any epoch of this network up to the running one: a deleted key stays
            // deleted through epoch changes (keygen §3.6), so a tombstone of epoch e is served in e+1
            if (!registry.networkId().equals(deletion.networkId()) || deletion.epoch() < 1
                    || deletion.epoch() > registry.epoch()) {
                throw new WireFormatException("deletion", "is for network " + WireFields.printable(
                        String.valueOf(deletion.networkId())) + " epoch " + deletion.epoch() + ", not network "
                        + registry.networkId() + " up to epoch " + registry.epoch());
            }
        } catch (WireFormatException forged) {
            throw new SyncRefusedException(peer, Reason.FORGED_DELETION, name + ": " + forged.getMessage());
        }
        boolean signed = deletion.userId().equals(tombstone.userId()) && deletion.keyId().equals(tombstone.keyId())
                && AccountKey.userIdOf(account).equals(tombstone.userId())
                && deletion.publicKeyPoint().equals(publicKey) && deletion.isSignedBy(SignatureKey.of(account));
        if (!signed) {
            throw new SyncRefusedException(peer, Reason.FORGED_DELETION, name
                    + ": the deletion is not the account key's signed delete_user of this key");
        }
        return Optional.of(new CheckedTombstone(tombstone.userId(), tombstone.keyId(),
                new Tombstone(account, Optional.of(publicKey), Optional.of(deletion))));
    }
}
