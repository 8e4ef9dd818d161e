package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import java.util.function.Function;

/**
 * What a signing node stores as {@code PENDING} after the checks of keygen §2.5 (step 7):
 * {@code {epoch, committee j, t, accountKey, C_0..C_{t−1}, s_j, cc, T}}. Holds the secret shard
 * {@code s_j}; {@link #destroy()} wipes it (a pending record that is not activated is deleted).
 * The record becomes {@code ACTIVE} only through {@link Activation#verify}.
 */
public final class PendingKey {

    private final long epoch;
    private final String userId;
    private final String keyId;
    private final byte[] accountKey;
    private final String nodeId;
    private final KeyShard shard;
    private final DkgTranscript transcript;

    PendingKey(DkgParameters parameters, String nodeId, KeyShard shard, DkgTranscript transcript) {
        this.epoch = parameters.epoch();
        this.userId = parameters.userId();
        this.keyId = parameters.keyId();
        this.accountKey = parameters.accountKey();
        this.nodeId = nodeId;
        this.shard = shard;
        this.transcript = transcript;
    }

    public long epoch() {
        return epoch;
    }

    public String userId() {
        return userId;
    }

    public String keyId() {
        return keyId;
    }

    public byte[] accountKey() {
        return accountKey.clone();
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * A pending record read back from a node's durable store (keygen §2.5 step 7), so that
     * {@link Activation#verify} can run after a restart. {@code shard} is taken over (wiped by {@link #destroy()}).
     */
    public static PendingKey restored(DkgParameters parameters, String nodeId, KeyShard shard, DkgTranscript transcript) {
        return new PendingKey(parameters, nodeId, shard, transcript);
    }

    /** Committee j of this node. */
    public int committee() {
        return shard.index();
    }

    public int threshold() {
        return transcript.commitments().threshold();
    }

    /** {@code C_0..C_{t−1}}; {@code C_0 = PK}. */
    public FeldmanCommitments commitments() {
        return transcript.commitments();
    }

    public Point publicKey() {
        return transcript.publicKey();
    }

    public byte[] chainCode() {
        return transcript.chainCode();
    }

    public byte[] transcriptHash() {
        return transcript.transcriptHash();
    }

    /** The secret shard {@code s_j}; throws after {@link #destroy()}. */
    public KeyShard shard() {
        if (shard.isDestroyed()) {
            throw new IllegalStateException("pending key: shard destroyed");
        }
        return shard;
    }

    /** The ack message of §2.5 step 7, signed with {@code signer} (e.g. {@code NodeIdentity::sign}). */
    public Acknowledgement acknowledge(Function<byte[], byte[]> signer) {
        byte[] digest = Acknowledgement.digest(nodeId, userId, keyId, epoch, committee(), transcript.transcriptHash(),
                publicKey());
        return new Acknowledgement(nodeId, committee(), transcript.transcriptHash(), publicKey(), signer.apply(digest));
    }

    public void destroy() {
        shard.destroy();
    }

    @Override
    public String toString() {
        return "PendingKey[user=" + userId + ", key=" + keyId + ", committee=" + committee() + ", publicKey="
                + publicKey() + ", shard=redacted]";
    }
}
