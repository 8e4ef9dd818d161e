package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;

/**
 * What an {@link Acknowledgement} is about: the key, the epoch the acknowledged record belongs to,
 * and the label of the signed digest ({@code "dkg-ack"} for key generation, keygen §2.5 step 7;
 * {@code "reshare-ack"} for a reshare into epoch {@code e+1}, §3.4 step 5). The acknowledgement
 * and activation rules of §2.6 are the same for both; the label keeps an ack of one from counting
 * for the other.
 */
public record AckScope(String label, String userId, String keyId, long epoch) {

    public static final String KEY_GENERATION = "dkg-ack";
    public static final String RESHARE = "reshare-ack";

    public AckScope {
        if (!KEY_GENERATION.equals(label) && !RESHARE.equals(label)) {
            throw new IllegalArgumentException("acknowledgement label " + label);
        }
    }

    /** The scope of a key generation attempt. */
    public static AckScope of(DkgParameters parameters) {
        return new AckScope(KEY_GENERATION, parameters.userId(), parameters.keyId(), parameters.epoch());
    }

    /** {@code H(label; N_v, userId, keyId, u64(epoch), u32(j), T, PK)}: what node {@code N_v} signs. */
    public byte[] digest(String nodeId, int committee, byte[] transcriptHash, Point publicKey) {
        return LifecycleHash.h(label, DkgParameters.utf8(nodeId), DkgParameters.utf8(userId), DkgParameters.utf8(keyId),
                Encoding.u64(epoch), Encoding.u32(committee), transcriptHash, publicKey.encode());
    }
}
