package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import java.util.ArrayList;
import java.util.List;

/**
 * Signing under a derived key (keygen §4.3): every party member uses {@code s_j + δ} as its shard and
 * {@code C'_0 = C_0 + δ·G} (other commitments unchanged). Since {@code Σ_{i∈P} λ_i = 1} for every
 * party, the shares reconstruct {@code x + δ}, whose public key is the child key. The tweaked
 * shard is a fresh secret holder; the caller destroys it after signing.
 */
public final class ShareTweak {

    private ShareTweak() {
    }

    /** {@code s_j + δ} as a new shard of the same committee. */
    public static KeyShard tweak(KeyShard shard, Scalar tweak) {
        Scalar sum = shard.share().add(tweak);
        if (sum.isZero()) {
            // Probability 2^-256 unless δ was chosen against this very shard, which needs s_j.
            throw new IllegalArgumentException("tweaked shard is zero");
        }
        return new KeyShard(shard.index(), sum);
    }

    /** {@code C'_0 = C_0 + δ·G}, {@code C'_k = C_k} for k ≥ 1. */
    public static FeldmanCommitments tweak(FeldmanCommitments commitments, Scalar tweak) {
        List<Point> tweaked = new ArrayList<>(commitments.coefficients());
        tweaked.set(0, tweaked.get(0).add(Point.baseMultiply(tweak)));
        return new FeldmanCommitments(tweaked);
    }
}
