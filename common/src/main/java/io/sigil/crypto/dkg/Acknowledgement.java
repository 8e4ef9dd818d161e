package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
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

    /** What the node signs for key generation ({@link AckScope#digest} under {@code "dkg-ack"}). */
    public static byte[] digest(String nodeId, String userId, String keyId, long epoch, int committee,
            byte[] transcriptHash, Point publicKey) {
        return new AckScope(AckScope.KEY_GENERATION, userId, keyId, epoch).digest(nodeId, committee, transcriptHash,
                publicKey);
    }

    /** Same transcript and key as {@code other}. */
    public boolean agreesWith(byte[] otherTranscript, Point otherKey) {
        return MessageDigest.isEqual(transcriptHash, otherTranscript) && publicKey.equals(otherKey);
    }

    /** Every field equal to {@code other}'s, the signature bytes included. */
    public boolean sameAs(Acknowledgement other) {
        return other != null && nodeId.equals(other.nodeId) && committee == other.committee
                && agreesWith(other.transcriptHash, other.publicKey)
                && MessageDigest.isEqual(signature, other.signature);
    }

    @Override
    public String toString() {
        return "Acknowledgement[node=" + nodeId + ", committee=" + committee + "]";
    }
}
