package io.sigil.crypto.reshare;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import java.util.function.Function;

/**
 * What a signing node of new committee {@code j'} stores as {@code PENDING} for epoch {@code e+1}
 * after the checks of keygen §3.4 (step 5): {@code {e+1, j', t', accountKey, C'_*, s'_{j'}, cc, T'}}.
 * Holds the secret shard {@code s'_{j'}}; {@link #destroy()} wipes it. It becomes {@code ACTIVE}
 * at the epoch's commit (§3.2 step 4), not before.
 */
public final class PendingReshare {

    private final long epoch;
    private final String nodeId;
    private final KeyShard shard;
    private final ReshareTranscript transcript;

    PendingReshare(ReshareParameters parameters, String nodeId, KeyShard shard, ReshareTranscript transcript) {
        this.epoch = parameters.newEpoch();
        this.nodeId = nodeId;
        this.shard = shard;
        this.transcript = transcript;
    }

    /** {@code e+1}. */
    public long epoch() {
        return epoch;
    }

    public String nodeId() {
        return nodeId;
    }

    /** {@code j'}. */
    public int committee() {
        return shard.index();
    }

    /** The carried public record of the key (account key, chain code, the old commitments). */
    public KeyPublicRecord carried() {
        return transcript.record();
    }

    /** {@code C'_0..C'_{t'−1}}; {@code C'_0 = PK}. */
    public FeldmanCommitments commitments() {
        return transcript.commitments();
    }

    public Point publicKey() {
        return transcript.publicKey();
    }

    /** {@code t'}. */
    public int threshold() {
        return transcript.commitments().threshold();
    }

    public byte[] transcriptHash() {
        return transcript.transcriptHash();
    }

    /** The secret shard {@code s'_{j'}}; throws after {@link #destroy()}. */
    public KeyShard shard() {
        if (shard.isDestroyed()) {
            throw new IllegalStateException("pending reshare: shard destroyed");
        }
        return shard;
    }

    /** What this record's acknowledgements are about. */
    public AckScope scope() {
        return new AckScope(AckScope.RESHARE, carried().userId(), carried().keyId(), epoch);
    }

    /**
     * The ack of §3.4 step 5, {@code H("reshare-ack"; N_w, userId, keyId, u64(e+1), u32(j'), T', PK)}
     * signed with {@code signer} (e.g. {@code NodeIdentity::sign}).
     */
    public Acknowledgement acknowledge(Function<byte[], byte[]> signer) {
        byte[] digest = ackDigest();
        return new Acknowledgement(nodeId, committee(), transcriptHash(), publicKey(), signer.apply(digest));
    }

    /** {@code H("reshare-ack"; N_w, userId, keyId, u64(e+1), u32(j'), T', PK)}, signed alone or in a batch ack. */
    public byte[] ackDigest() {
        return scope().digest(nodeId, committee(), transcriptHash(), publicKey());
    }

    public void destroy() {
        shard.destroy();
    }

    @Override
    public String toString() {
        return "PendingReshare[user=" + carried().userId() + ", key=" + carried().keyId() + ", epoch=" + epoch
                + ", committee=" + committee() + ", publicKey=" + publicKey() + ", shard=redacted]";
    }
}
