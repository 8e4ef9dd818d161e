package io.sigil.wire.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.wire.WireFields;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * From the reshare wire messages to the library's, checking every contributor's signature against
 * the running epoch's registry (docs/keygen.md §3.3: "sends, signed"). As for key generation
 * ({@link io.sigil.wire.keygen.DkgMessages}), {@code atManager} says whom a bad message blames: the
 * manager receives each straight from its contributor; a node receives them through the manager,
 * which checked them already, so there the relaying manager is at fault. A message that is
 * missing is left to {@link io.sigil.crypto.reshare.ReshareTranscript#verified}, which names its
 * contributor.
 */
public final class ReshareMessages {

    private ReshareMessages() {
    }

    public static SortedMap<Integer, ReshareRound1.Message> contributions(ReshareParameters parameters,
            DkgDirectory oldEpochNodes, List<ReshareContribution> contributions, boolean atManager) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        SortedMap<Integer, ReshareRound1.Message> decoded = new TreeMap<>();
        for (ReshareContribution contribution : contributions) {
            String node = parameters.contributors().get(contribution.contributor());
            if (node == null || !node.equals(contribution.nodeId())) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("a contribution for committee "
                        + contribution.contributor() + " from " + contribution.nodeId() + ", who is not in P for it"),
                        sessionId);
            }
            ReshareRound1.Message message;
            byte[] signature;
            try {
                message = contribution.toMessage();
                signature = WireFields.hex("signature", contribution.signature(), 64);
            } catch (IllegalArgumentException malformed) {
                throw blame(new DkgFailure.InvalidField("contribution of committee " + contribution.contributor() + ": "
                        + malformed.getMessage()), node, atManager, sessionId);
            }
            boolean signed = oldEpochNodes.member(node)
                    .map(member -> member.keys().verifies(message.signedBytes(sessionId), signature)).orElse(false);
            if (!signed) {
                throw blame(new DkgFailure.InvalidField("the contribution of committee " + contribution.contributor()
                        + " is not signed by " + node), node, atManager, sessionId);
            }
            if (decoded.put(contribution.contributor(), message) != null) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("committee " + contribution.contributor()
                        + " contributed twice"), sessionId);
            }
        }
        return decoded;
    }

    /** The library messages without signature checks, e.g. for a harness that has them in hand. */
    public static Map<Integer, ReshareRound1.Message> unchecked(List<ReshareContribution> contributions) {
        SortedMap<Integer, ReshareRound1.Message> decoded = new TreeMap<>();
        contributions.forEach(contribution -> decoded.put(contribution.contributor(), contribution.toMessage()));
        return decoded;
    }

    static DkgAbort blame(DkgFailure failure, String contributor, boolean atManager, byte[] sessionId) {
        return atManager ? DkgAbort.blame(failure, contributor, sessionId) : DkgAbort.blameManager(failure, sessionId);
    }
}
