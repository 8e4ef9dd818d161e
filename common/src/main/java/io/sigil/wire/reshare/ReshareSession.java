package io.sigil.wire.reshare;

import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.keygen.Contributor;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One reshare attempt of one key as the manager names it (docs/keygen.md §3.3): the key
 * ({@code userId, keyId, PK}), its threshold {@code t} in the running epoch and {@code t'} in the
 * proposed one, the old party {@code P} and the attempt. Network, epochs, the approval digest and
 * {@code n'} are not on the wire: every node takes them from the proposal it accepted itself, so
 * a manager cannot move a key into a registry the operators did not approve.
 */
public record ReshareSession(String userId, String keyId, String publicKey, int oldThreshold, int newThreshold,
                             List<Contributor> contributors, int attempt) {
    public ReshareSession {
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
    }

    /** The library parameters; {@link WireFormatException} or {@link IllegalArgumentException} name a bad field. */
    public ReshareParameters parameters(String networkId, long oldEpoch, byte[] approvalDigest, int newCommitteeCount) {
        return parameters(networkId, oldEpoch, approvalDigest, newCommitteeCount, new PointCache());
    }

    /** The same, decoding {@code publicKey} through a batch's {@link PointCache}. */
    public ReshareParameters parameters(String networkId, long oldEpoch, byte[] approvalDigest, int newCommitteeCount,
                                        PointCache points) {
        WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        SortedMap<Integer, String> party = new TreeMap<>();
        for (Contributor contributor : WireFields.boundedList("contributors", contributors, 2, 255)) {
            WireFields.identifier("contributors.nodeId", contributor.nodeId());
            if (party.put(contributor.committee(), contributor.nodeId()) != null) {
                throw new WireFormatException("contributors", "committee " + contributor.committee() + " twice");
            }
        }
        return new ReshareParameters(networkId, oldEpoch, oldEpoch + 1, approvalDigest, userId, keyId,
                points.point("publicKey", publicKey), oldThreshold, newThreshold, newCommitteeCount, party, attempt);
    }
}
