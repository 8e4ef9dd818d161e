package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.wire.sign.DecodedPublicKeys;
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

    /**
     * The library form; {@link io.sigil.wire.WireFormatException} names a malformed field. Every ack
     * of a key names the same public key, decoded once per key ({@link DecodedPublicKeys}).
     */
    public Acknowledgement toAcknowledgement() {
        WireFields.identifier("nodeId", nodeId);
        return new Acknowledgement(nodeId, committee, WireFields.hex("transcriptHash", transcriptHash, 32),
                DecodedPublicKeys.decode(publicKey), WireFields.hex("signature", signature, 64));
    }
}
