package io.sigil.crypto.reshare;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.dkg.SecretPolynomial;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.hash.Encoding;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The contributor's only round of a reshare (keygen §3.3), run by the node of old committee
 * {@code i ∈ P}: sample {@code g_i(z) = λ_i·s_i + Σ_{k=1}^{t'−1} b_{i,k} z^k}, publish
 * {@code E_{i,k} = g_i's coefficients ·G} (so {@code E_{i,0} = λ_i·S_i}) with the key's public
 * record, and seal {@code g_i(j')} to every signing node of every new committee. No commit round is
 * needed: {@code E_{i,0}} is fixed by public data, so a contributor cannot choose it after seeing
 * others'.
 */
public final class ReshareRound1 {

    private ReshareRound1() {
    }

    /** What contributor {@code i} sends: signed as a whole by its node ({@link #signedBytes}). */
    public record Message(int contributor, KeyPublicRecord record, List<Point> commitments, List<SealedShare> shares) {
        public Message {
            commitments = List.copyOf(commitments);
            shares = List.copyOf(shares);
        }

        /** The share sealed to {@code nodeId}, or null. */
        public SealedShare shareFor(String nodeId) {
            return shares.stream().filter(share -> share.nodeId().equals(nodeId)).findFirst().orElse(null);
        }

        /**
         * {@code H("reshare-message"; rs_sid, u32(i), record, LIST(E_{i,*}), LIST(TUPLE(N_w, ciphertext)))}:
         * what the contributor's node signs, so a relaying manager cannot change any part.
         */
        public byte[] signedBytes(byte[] sessionId) {
            List<byte[]> sealed = new ArrayList<>(shares.size());
            for (SealedShare share : shares) {
                sealed.add(Encoding.tuple(ReshareParameters.utf8(share.nodeId()), share.ciphertext()));
            }
            return io.sigil.crypto.hash.LifecycleHash.h("reshare-message", sessionId, Encoding.u32(contributor),
                    record.encode(), Reveal.encodePoints(commitments), Encoding.list(sealed));
        }
    }

    /**
     * Deals {@code shard} (this node's shard of old committee {@code contributor}) to every signing node
     * of {@code newEpochNodes}. The contributor first checks its own inputs: the record is the key of
     * the session and {@code s_i·G == S_i}, so an honest node never reshares a shard that does not
     * belong to the record.
     *
     * @throws DkgAbort {@link DkgFailure.RecordInvalid} (the manager asked for another key) or
     *     {@link DkgFailure.ShardMismatch} (this node's stored shard is not the record's), no culprit
     */
    public static Message contribute(ReshareParameters parameters, int contributor, KeyPublicRecord record,
            KeyShard shard, DkgDirectory newEpochNodes, SecureRandom rng) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        SecretPolynomial polynomial = polynomial(parameters, sessionId, contributor, record, shard,
                parameters.lagrange(contributor), newEpochNodes, rng, false);
        try {
            List<SealedShare> shares = new ArrayList<>();
            for (int committee = 1; committee <= parameters.newCommitteeCount(); committee++) {
                byte[] plaintext = polynomial.evaluate(committee).toBytes();
                try {
                    for (DkgDirectory.Member member : newEpochNodes.signingNodes(committee)) {
                        byte[] info = ReshareSealing.info(sessionId, contributor, committee, member.nodeId());
                        shares.add(new SealedShare(member.nodeId(), committee, member.keys().encrypt(plaintext, info)));
                    }
                } finally {
                    SecretBytes.wipe(plaintext);
                }
            }
            return new Message(contributor, record, polynomial.commitments(), shares);
        } finally {
            polynomial.destroy();
        }
    }

    /**
     * The contributor's own checks (the record is the session's key, {@code n'} is the new
     * registry's, {@code s_i·G == S_i}) and {@code g_i} with constant {@code λ_i·s_i}; shared by
     * the one-key and the batch contribution. {@code shardChecked}: the caller already checked
     * {@code s_i·G == S_i} (a batch checks all its keys' shards at once).
     */
    static SecretPolynomial polynomial(ReshareParameters parameters, byte[] sessionId, int contributor,
            KeyPublicRecord record, KeyShard shard, Scalar lagrange, DkgDirectory newEpochNodes, SecureRandom rng,
            boolean shardChecked) throws DkgAbort {
        parameters.contributorNode(contributor);
        if (!record.userId().equals(parameters.userId()) || !record.keyId().equals(parameters.keyId())
                || !record.publicKey().equals(parameters.publicKey()) || record.threshold() != parameters.oldThreshold()) {
            throw DkgAbort.blameManager(new DkgFailure.RecordInvalid("the session names another key or threshold "
                    + "than this node's record"), sessionId);
        }
        if (newEpochNodes.committeeCount() != parameters.newCommitteeCount()) {
            throw DkgAbort.unattributed(new DkgFailure.InvalidParameters("n' = " + parameters.newCommitteeCount()
                    + " but the new registry has " + newEpochNodes.committeeCount() + " committees"), sessionId);
        }
        if (shard.index() != contributor || (!shardChecked && !record.commitments().verifyShard(shard))) {
            throw DkgAbort.unattributed(new DkgFailure.ShardMismatch(contributor), sessionId);
        }
        Scalar constant = lagrange.multiply(shard.share());
        return SecretPolynomial.withConstant(constant, parameters.newThreshold(), rng);
    }
}
