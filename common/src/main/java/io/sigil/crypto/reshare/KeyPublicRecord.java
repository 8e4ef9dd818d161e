package io.sigil.crypto.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.Arrays;
import java.util.List;

/**
 * The public record of a key that a reshare carries to the new epoch (keygen §3.3, §3.6):
 * {@code userId, keyId, accountKey, t, C_0..C_{t−1}, cc}. Every contributor sends its own copy, and
 * a new node accepts only when all {@code t} copies are identical: at least one contributor is
 * honest, so agreement means the copy is the true record.
 */
public record KeyPublicRecord(String userId, String keyId, byte[] accountKey, int threshold,
                              FeldmanCommitments commitments, byte[] chainCode) {

    public static final int ACCOUNT_KEY_LENGTH = 32;
    public static final int CHAIN_CODE_LENGTH = 32;

    public KeyPublicRecord {
        accountKey = accountKey.clone();
        chainCode = chainCode.clone();
        if (accountKey.length != ACCOUNT_KEY_LENGTH || chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("key record: account key and chain code are 32 bytes each");
        }
        if (threshold != commitments.threshold()) {
            throw new IllegalArgumentException("key record: threshold " + threshold + " with "
                    + commitments.threshold() + " commitments");
        }
    }

    @Override
    public byte[] accountKey() {
        return accountKey.clone();
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    public Point publicKey() {
        return commitments.publicKey();
    }

    /** {@code S_i = Σ_k (i^k mod q)·C_k}, the public shard of old committee {@code i}. */
    public Point publicShard(int committee) {
        return commitments.evaluate(committee);
    }

    /** The canonical bytes every contributor sends (and signs, with its message). */
    public byte[] encode() {
        return Encoding.list(List.of(ReshareParameters.utf8(userId), ReshareParameters.utf8(keyId), accountKey,
                Encoding.u32(threshold), commitments.encode(), chainCode));
    }

    /** {@code H("key-record"; encode())}, for grouping the copies the contributors sent. */
    public byte[] digest() {
        return LifecycleHash.h("key-record", encode());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPublicRecord record && Arrays.equals(encode(), record.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest());
    }

    @Override
    public String toString() {
        return "KeyPublicRecord[user=" + userId + ", key=" + keyId + ", t=" + threshold + ", publicKey="
                + publicKey() + "]";
    }
}
