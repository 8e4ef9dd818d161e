package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.MessageDigest;

/**
 * A signing node's acknowledgement of a pending key (keygen §2.5 step 7): its Ed25519 signature over
 * {@code H("dkg-ack"; N_v, userId, keyId, u64(epoch), u32(j), T, PK)}. The verification game of
 * §2.6 compares these: a key is activated only when every committee acknowledged the same
 * {@code (T, PK)}.
 */
public record Acknowledgement(String nodeId, int committee, byte[] transcriptHash, Point publicKey, byte[] signature) {

    public Acknowledgement {
        transcriptHash = transcriptHash.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** What the node signs. */
    public static byte[] digest(String nodeId, String userId, String keyId, long epoch, int committee,
            byte[] transcriptHash, Point publicKey) {
        return LifecycleHash.h("dkg-ack", DkgParameters.utf8(nodeId), DkgParameters.utf8(userId),
                DkgParameters.utf8(keyId), Encoding.u64(epoch), Encoding.u32(committee), transcriptHash,
                publicKey.encode());
    }

    /** Same transcript and key as {@code other}. */
    public boolean agreesWith(byte[] otherTranscript, Point otherKey) {
        return MessageDigest.isEqual(transcriptHash, otherTranscript) && publicKey.equals(otherKey);
    }

    @Override
    public String toString() {
        return "Acknowledgement[node=" + nodeId + ", committee=" + committee + "]";
    }
}
