package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.ec.Point;
import io.sigil.wire.WireFields;

/**
 * A node's acknowledgement of its pending key (keygen §2.5 step 7) on the wire: {@code transcriptHash}
 * 32 bytes hex, {@code publicKey} 33-byte compressed point hex, {@code signature} 64 bytes hex over
 * {@code H("dkg-ack"; N_v, userId, keyId, u64(epoch), u32(j), T, PK)}.
 */
public record DkgAck(String nodeId, int committee, String transcriptHash, String publicKey, String signature) {

    public static DkgAck of(Acknowledgement ack) {
        return new DkgAck(ack.nodeId(), ack.committee(), WireFields.toHex(ack.transcriptHash()),
                WireFields.pointHex(ack.publicKey()), WireFields.toHex(ack.signature()));
    }

    /** The library form; {@link io.sigil.wire.WireFormatException} names a malformed field. */
    public Acknowledgement toAcknowledgement() {
        return toAcknowledgement(null, null);
    }

    /**
     * The same, reusing {@code decodedKey} when this ack's {@code publicKey} is the very string
     * {@code keyHex} it was decoded from: every ack of a key names the same public key, and
     * decompressing a point (a square root) is the costly part of reading an ack. Equal strings
     * decode to the same point, so the result is exactly {@link #toAcknowledgement()}'s; any other
     * string is decoded and checked as usual. Nulls: nothing known.
     */
    public Acknowledgement toAcknowledgement(String keyHex, Point decodedKey) {
        WireFields.identifier("nodeId", nodeId);
        Point key = decodedKey != null && publicKey != null && publicKey.equals(keyHex) ? decodedKey
                : WireFields.point("publicKey", publicKey);
        return new Acknowledgement(nodeId, committee, WireFields.hex("transcriptHash", transcriptHash, 32), key,
                WireFields.hex("signature", signature, 64));
    }
}
