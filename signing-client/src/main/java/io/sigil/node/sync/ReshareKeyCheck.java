package io.sigil.node.sync;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchAck;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.registry.Registry;
import io.sigil.wire.WireFields;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.sync.ReshareKeyEvidence;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The requester's check of a reshared key's evidence in catch-up (keygen §3.7: "the reshare acks of
 * §3.4 with the epoch's readies of §3.2"). The requester runs the committed epoch {@code e+1}: its
 * own verified chain (whose approvals it checked, and whose commit it applied on the readies) gives
 * the network, both epochs, the approval digest and {@code n'}, so evidence of another epoch, of an
 * aborted proposal or of another network recomputes another {@code rs_sid}. It recomputes
 * {@code rs_sid} from the served session, {@code C'_k = Σ_i E_{i,k}} and
 * {@code T' = H("reshare-transcript"; rs_sid, LIST(LIST(E_{i,*})), cc)} from the contributors'
 * commitments and the served chain code, requires {@code C'} to be the served commitments (so
 * every {@code C'_k} is bound, not only {@code C'_0 = PK}), and requires the batch acks to vouch for {@code (T', PK)}: the
 * batch's session ids hold {@code rs_sid} and hash to the batch digest, each ack's one signature
 * verifies under its node's key in the registry of {@code e+1} over its ack digests, and for every
 * committee of {@code e+1} some node's digests hold
 * {@code H("reshare-ack"; N_w, userId, keyId, u64(e+1), u32(j'), T', PK)}. An honest node of every
 * new committee therefore ran §3.4 (the records agree, {@code E_{i,0} == λ_i·S_i}, Feldman) on
 * exactly these commitments and computed {@code T'} with the agreed record's chain code, so the
 * served chain code is the one all {@code t} contributors sent. A key reshared before {@code T'}
 * bound the chain code is accepted on the acks of the specification's {@code T'} with its chain
 * code unproven ({@link ChainCode#UNPROVEN}). Any failure is the serving replica's:
 * {@link Reason#FORGED_EVIDENCE}.
 */
final class ReshareKeyCheck {
    private static final int DIGEST = 32;

    private final Registry registry;
    private final DkgDirectory directory;
    private final byte[] approvalDigest;
    /** Batches whose acks verified in this page, by digest: each node's committee and ack digests. */
    private final Map<String, Map<String, Set<ByteBuffer>>> verified = new HashMap<>();
    private final Map<String, Set<ByteBuffer>> sessions = new HashMap<>();

    /** {@code approvalDigest}: SHA-256 of the registry document of the running epoch, from the committed chain (null at genesis). */
    ReshareKeyCheck(Registry registry, DkgDirectory directory, byte[] approvalDigest) {
        this.registry = registry;
        this.directory = directory;
        this.approvalDigest = approvalDigest == null ? null : approvalDigest.clone();
    }

    /**
     * Refuses, naming {@code peer}, evidence that does not vouch for this record; otherwise says whether
     * it also proved the served {@code chainCode} (null when none was served).
     */
    ChainCode check(String peer, String name, String userId, String keyId, int threshold,
                    FeldmanCommitments commitments, byte[] chainCode, ReshareKeyEvidence evidence,
                    Map<String, ReshareBatchEvidence> batches) throws SyncRefusedException {
        if (approvalDigest == null || evidence.oldEpoch() != registry.epoch() - 1) {
            throw forged(peer, name, "reshare evidence of epoch " + evidence.oldEpoch() + " → "
                    + (evidence.oldEpoch() + 1) + ", not of the change to the running epoch " + registry.epoch());
        }
        ReshareParameters parameters;
        SortedMap<Integer, List<Point>> contributions = new TreeMap<>();
        try {
            if (evidence.session() == null) {
                throw new IllegalArgumentException("the reshare session is missing");
            }
            parameters = evidence.session().parameters(registry.networkId(), evidence.oldEpoch(), approvalDigest,
                    registry.committeeCount());
            List<Integer> party = List.copyOf(parameters.contributors().keySet());
            List<List<String>> served = WireFields.boundedList("evidence.reshare.contributions",
                    evidence.contributions(), party.size(), party.size());
            for (int position = 0; position < party.size(); position++) {
                List<Point> points = new ArrayList<>();
                for (String hex : WireFields.boundedList("evidence.reshare.contributions", served.get(position), 1,
                        255)) {
                    points.add(WireFields.point("evidence.reshare.contributions", hex));
                }
                contributions.put(party.get(position), points);
            }
        } catch (IllegalArgumentException malformed) {
            throw forged(peer, name, malformed.getMessage());
        }
        boolean sameKey = parameters.userId().equals(userId) && parameters.keyId().equals(keyId)
                && parameters.newThreshold() == threshold && parameters.publicKey().equals(commitments.publicKey());
        if (!sameKey) {
            throw forged(peer, name, "the reshare session is for another user, key, public key or threshold");
        }
        ReshareTranscript.Recomputed recomputed;
        try {
            recomputed = ReshareTranscript.recomputed(parameters, contributions, chainCode);
        } catch (DkgAbort abort) {
            throw forged(peer, name, "the contributors' commitments do not make a transcript: " + abort.failure());
        }
        if (!recomputed.commitments().equals(commitments)) {
            throw forged(peer, name, "the commitments are not C'_k = Σ_i E_{i,k} of the acknowledged reshare");
        }
        Map<String, Set<ByteBuffer>> acks = batch(peer, name, evidence.batch(), batches);
        if (!sessions.get(evidence.batch()).contains(ByteBuffer.wrap(parameters.sessionId()))) {
            throw forged(peer, name, "the batch does not hold this key's rs_sid");
        }
        AckScope scope = new AckScope(AckScope.RESHARE, userId, keyId, registry.epoch());
        Set<Integer> covered = covered(scope, acks, recomputed.transcriptHash(), commitments.publicKey());
        if (covered.size() == registry.committeeCount()) {
            return ChainCode.PROVEN;
        }
        // a key reshared before T' bound the chain code was acknowledged on the specification's T':
        // its commitments and shard are proven, its chain code is not (honest nodes no longer sign this
        // T', so a key reshared since cannot be passed off as one of these)
        Set<Integer> coveredWithout = covered(scope, acks, recomputed.transcriptWithoutChainCode(),
                commitments.publicKey());
        if (coveredWithout.size() == registry.committeeCount()) {
            return ChainCode.UNPROVEN;
        }
        throw forged(peer, name, "the batch acks on (T', PK), T' binding the served chain code, cover committees "
                + covered + " of " + registry.committeeCount() + ", not every committee of epoch " + registry.epoch()
                + (coveredWithout.isEmpty() ? "" : " (on T' without a chain code: " + coveredWithout + ")"));
    }

    /** Whether a reshared key's evidence proved its chain code (keygen §3.7). */
    enum ChainCode { PROVEN, UNPROVEN }

    /** The committees of {@code e+1} some node of which acknowledged {@code (transcript, PK)} in the batch. */
    private Set<Integer> covered(AckScope scope, Map<String, Set<ByteBuffer>> acks, byte[] transcript,
                                 Point publicKey) {
        Set<Integer> covered = new TreeSet<>();
        if (transcript == null) {
            return covered;
        }
        for (Map.Entry<String, Set<ByteBuffer>> node : acks.entrySet()) {
            int committee = directory.member(node.getKey()).orElseThrow().committee();
            if (node.getValue().contains(ByteBuffer.wrap(scope.digest(node.getKey(), committee, transcript,
                    publicKey)))) {
                covered.add(committee);
            }
        }
        return covered;
    }

    /** The batch's acks, checked once per page: session ids hashing to its digest, every ack signature valid. */
    private Map<String, Set<ByteBuffer>> batch(String peer, String name, String digest,
                                               Map<String, ReshareBatchEvidence> batches) throws SyncRefusedException {
        Map<String, Set<ByteBuffer>> known = verified.get(digest);
        if (known != null) {
            return known;
        }
        ReshareBatchEvidence batch = batches.get(digest);
        if (batch == null) {
            throw forged(peer, name, "the page does not hold the reshare batch the key names");
        }
        Map<String, Set<ByteBuffer>> acks = new HashMap<>();
        try {
            byte[] expected = WireFields.hex("batch", digest, DIGEST);
            List<byte[]> ids = split(WireFields.base64("sessionIds", batch.sessionIds(),
                    ReshareBatch.MAX_KEYS * DIGEST));
            if (ids.isEmpty() || !MessageDigest.isEqual(ReshareBatch.digestOf(ids), expected)) {
                throw new IllegalArgumentException("the batch's session ids do not hash to its digest");
            }
            Set<ByteBuffer> sessionIds = new HashSet<>();
            ids.forEach(id -> sessionIds.add(ByteBuffer.wrap(id)));
            for (ReshareBatchEvidence.Ack ack : WireFields.boundedList("acks", batch.acks(), 1, 4096)) {
                var member = directory.member(String.valueOf(ack.nodeId()));
                if (member.isEmpty() || member.get().committee() != ack.committee()) {
                    throw new IllegalArgumentException("an ack by " + WireFields.printable(String.valueOf(ack.nodeId()))
                            + ", not a signing node of committee " + ack.committee() + " of epoch " + registry.epoch());
                }
                List<byte[]> digests = split(WireFields.base64("ackDigests", ack.ackDigests(),
                        ReshareBatch.MAX_KEYS * DIGEST));
                boolean signed = member.get().keys().verifies(ReshareBatchAck.digest(ack.nodeId(), ack.committee(),
                        expected, digests), WireFields.hex("signature", ack.signature(), 64));
                if (!signed || acks.containsKey(ack.nodeId())) {
                    throw new IllegalArgumentException("the batch ack of " + ack.nodeId()
                            + " does not verify over its ack digests (or is there twice)");
                }
                Set<ByteBuffer> set = new HashSet<>();
                digests.forEach(one -> set.add(ByteBuffer.wrap(one)));
                acks.put(ack.nodeId(), set);
            }
            sessions.put(digest, sessionIds);
        } catch (IllegalArgumentException malformed) {
            throw forged(peer, name, "reshare batch " + WireFields.printable(digest) + ": " + malformed.getMessage());
        }
        verified.put(digest, acks);
        return acks;
    }

    private static List<byte[]> split(byte[] concatenated) {
        if (concatenated.length % DIGEST != 0) {
            throw new IllegalArgumentException("not a whole number of 32-byte digests");
        }
        List<byte[]> parts = new ArrayList<>(concatenated.length / DIGEST);
        for (int offset = 0; offset < concatenated.length; offset += DIGEST) {
            parts.add(java.util.Arrays.copyOfRange(concatenated, offset, offset + DIGEST));
        }
        return parts;
    }

    private static SyncRefusedException forged(String peer, String name, String why) {
        return new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": " + why);
    }
}
