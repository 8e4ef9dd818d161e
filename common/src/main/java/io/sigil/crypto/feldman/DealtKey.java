package io.sigil.crypto.feldman;

import io.sigil.crypto.ec.Point;
import java.util.List;

/**
 * Output of {@link FeldmanDealer}: the public commitments and one shard per committee index
 * 1..n (list position i−1 holds index i). Holds secrets: {@link #destroy()} wipes every shard.
 */
public final class DealtKey {

    private final FeldmanCommitments commitments;
    private final List<KeyShard> shards;

    DealtKey(FeldmanCommitments commitments, List<KeyShard> shards) {
        this.commitments = commitments;
        this.shards = List.copyOf(shards);
    }

    public FeldmanCommitments commitments() {
        return commitments;
    }

    public Point publicKey() {
        return commitments.publicKey();
    }

    public int threshold() {
        return commitments.threshold();
    }

    public int parties() {
        return shards.size();
    }

    /** Shards for indices 1..n in order. */
    public List<KeyShard> shards() {
        return shards;
    }

    /** The shard of committee index {@code index} (1..n). */
    public KeyShard shard(int index) {
        if (index < 1 || index > shards.size()) {
            throw new IllegalArgumentException("dealt key: no shard for index " + index);
        }
        return shards.get(index - 1);
    }

    /** Wipes every shard. */
    public void destroy() {
        shards.forEach(KeyShard::destroy);
    }

    @Override
    public String toString() {
        return "DealtKey[t=" + threshold() + ", n=" + parties() + ", publicKey=" + publicKey() + "]";
    }
}
