package io.sigil.wire.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.wire.WireFields;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * From a batch's wire contributions to the library's messages, checking each contributor's one
 * signature against the running epoch's registry (docs/keygen.md §3.5). As in
 * {@link ReshareMessages}, {@code atManager} says whom a bad message blames: its contributor at the
 * manager, the relaying manager at a node. A failure here concerns the whole message, so it fails
 * every key of the batch; the abort names the batch digest in place of one {@code rs_sid}. A key
 * whose part is missing is left to the per-key checks, which name its contributor.
 */
public final class ReshareBatchMessages {

    private ReshareBatchMessages() {
    }

    public static SortedMap<Integer, ReshareBatchRound1.BatchMessage> contributions(ReshareBatch batch,
            DkgDirectory oldEpochNodes, List<ReshareBatchContribution> contributions, boolean atManager)
            throws DkgAbort {
        return contributions(batch, oldEpochNodes, contributions, atManager, new PointCache());
    }

    /** The same with the batch's {@link PointCache} (the one the session's public keys were decoded through). */
    public static SortedMap<Integer, ReshareBatchRound1.BatchMessage> contributions(ReshareBatch batch,
            DkgDirectory oldEpochNodes, List<ReshareBatchContribution> contributions, boolean atManager,
            PointCache points) throws DkgAbort {
        byte[] digest = batch.digest();
        SortedMap<Integer, ReshareBatchRound1.BatchMessage> decoded = new TreeMap<>();
        for (ReshareBatchContribution contribution : contributions) {
            String node = batch.contributors().get(contribution.contributor());
            if (node == null || !node.equals(contribution.nodeId())) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("a contribution for committee "
                        + contribution.contributor() + " from " + contribution.nodeId() + ", who is not in P for it"),
                        digest);
            }
            ReshareBatchRound1.BatchMessage message;
            byte[] signature;
            try {
                message = contribution.toMessage(points);
                signature = WireFields.hex("signature", contribution.signature(), 64);
                for (ReshareBatchRound1.Part part : message.parts()) {
                    if (part.index() < 0 || part.index() >= batch.size()) {
                        throw new IllegalArgumentException("a part for batch index " + part.index() + " of "
                                + batch.size());
                    }
                }
            } catch (IllegalArgumentException malformed) {
                throw ReshareMessages.blame(new DkgFailure.InvalidField("contribution of committee " + contribution.contributor() + ": "
                        + malformed.getMessage()), node, atManager, digest);
            }
            boolean signed = oldEpochNodes.member(node)
                    .map(member -> member.keys().verifies(message.signedBytes(digest), signature)).orElse(false);
            if (!signed) {
                throw ReshareMessages.blame(new DkgFailure.InvalidField("the batch contribution of committee "
                        + contribution.contributor() + " is not signed by " + node + " over this batch"), node,
                        atManager, digest);
            }
            if (decoded.put(contribution.contributor(), message) != null) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("committee " + contribution.contributor()
                        + " contributed twice"), digest);
            }
        }
        return decoded;
    }
}
