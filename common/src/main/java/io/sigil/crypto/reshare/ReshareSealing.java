package io.sigil.crypto.reshare;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;

/**
 * How a reshare contributor's value {@code g_i(j')} travels to signing node {@code w} of new
 * committee {@code j'} (keygen §3.3): the 32-byte scalar HPKE-sealed to the node's pinned X25519
 * key with context info {@code H("reshare-share"; rs_sid, u32(i), u32(j'), N_w)}, which binds the
 * ciphertext to one attempt, contributor, committee and node (as {@link io.sigil.crypto.dkg.ShareSealing}
 * does for key generation, under another label, so no dkg ciphertext opens as a reshare one).
 */
public final class ReshareSealing {

    private ReshareSealing() {
    }

    public static byte[] info(byte[] sessionId, int contributor, int newCommittee, String nodeId) {
        return LifecycleHash.h("reshare-share", sessionId, Encoding.u32(contributor), Encoding.u32(newCommittee),
                ReshareParameters.utf8(nodeId));
    }

    /**
     * A batch's seal to node {@code w} (keygen §3.5): {@code H("reshare-batch-share"; batchDigest,
     * u32(i), u32(j'), N_w)}, where the batch digest commits to every key's {@code rs_sid} in order,
     * so the one ciphertext is bound to every attempt it carries and to their positions.
     */
    public static byte[] batchInfo(byte[] batchDigest, int contributor, int newCommittee, String nodeId) {
        return LifecycleHash.h("reshare-batch-share", batchDigest, Encoding.u32(contributor),
                Encoding.u32(newCommittee), ReshareParameters.utf8(nodeId));
    }
}
