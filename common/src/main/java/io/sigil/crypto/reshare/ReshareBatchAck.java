package io.sigil.crypto.reshare;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.List;

/**
 * The one acknowledgement a signing node {@code w} of new committee {@code j'} signs per batch
 * (keygen §3.5): {@code H("reshare-batch-ack"; N_w, u32(j'), batchDigest, LIST(ack_k))} where
 * {@code ack_k = H("reshare-ack"; N_w, userId, keyId, u64(e+1), u32(j'), T'_k, PK_k)} is the §3.4
 * step 5 digest of every key it stored {@code PENDING}, in batch order (keys it complained about are
 * absent). Each {@code ack_k} names its own key, epoch, committee and {@code T'}, so the signature
 * says exactly which keys this node holds under which transcripts; the batch digest pins the
 * attempt of every key.
 */
public final class ReshareBatchAck {

    private ReshareBatchAck() {
    }

    public static byte[] digest(String nodeId, int committee, byte[] batchDigest, List<byte[]> keyAcks) {
        return LifecycleHash.h("reshare-batch-ack", ReshareParameters.utf8(nodeId), Encoding.u32(committee),
                batchDigest, Encoding.list(keyAcks));
    }
}
