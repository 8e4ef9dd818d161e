package io.sigil.wire.epoch;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * A signing node's signed answer to a proposal or an abort (docs/keygen.md §3.2): which node,
 * for which action ({@value #PROPOSE} or {@value #ABORT}), about which proposed registry, whether it
 * accepted, and if not the typed {@code reason} (a stable slug such as {@code too-few-operators})
 * with a {@code detail} in words; {@code keys} is how many ACTIVE key records the node holds (what
 * a reshare would have to move). Signed by the node's identity key over every other field, so a
 * manager can show it but not change it.
 */
public record EpochAnswer(String node, String action, String networkId, long current, long proposed,
                          String documentSha256, boolean accepted, String reason, String detail, long keys,
                          String signature) {
    public static final String LABEL = "sigil/lifecycle/v1/epoch-answer";
    public static final String PROPOSE = "propose";
    public static final String ABORT = "abort";
    public static final String COMMIT = "commit";

    /** The answer signed by {@code identity}. */
    public static EpochAnswer sign(NodeIdentity identity, String node, String action, String networkId, long current,
                                   long proposed, String documentSha256, boolean accepted, String reason, String detail,
                                   long keys) {
        EpochAnswer unsigned = new EpochAnswer(node, action, networkId, current, proposed, documentSha256, accepted, reason,
                detail, keys, null);
        return new EpochAnswer(node, action, networkId, current, proposed, documentSha256, accepted, reason, detail, keys,
                WireFields.toHex(identity.sign(unsigned.signedMessage())));
    }

    /** What the node signs: every field but the signature. */
    public byte[] signedMessage() {
        return Transcript.start(LABEL)
                .appendString("node", String.valueOf(node))
                .appendString("action", String.valueOf(action))
                .appendString("networkId", String.valueOf(networkId))
                .appendU64("current", current)
                .appendU64("proposed", proposed)
                .appendString("documentSha256", String.valueOf(documentSha256))
                .appendU32("accepted", accepted ? 1 : 0)
                .appendString("reason", String.valueOf(reason))
                .appendString("detail", String.valueOf(detail))
                .appendU64("keys", keys)
                .digest();
    }

    /** Whether the signature is {@code identityKey}'s over this answer. */
    public boolean verifiesUnder(PublicKeyBytes identityKey) {
        try {
            return SignatureKey.of(identityKey).verifies(signedMessage(), WireFields.hex("signature", signature, 64));
        } catch (WireFormatException malformed) {
            return false;
        }
    }
}
