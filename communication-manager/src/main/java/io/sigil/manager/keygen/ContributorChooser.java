package io.sigil.manager.keygen;

import io.sigil.crypto.dkg.DkgDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Chooses the contributor set D of an attempt (keygen §2.2): {@code t} distinct committees, one
 * signing node in each, none of them excluded (accused in an earlier attempt, keygen §2.7). The
 * starting committee and the replica rotate with the attempt and the request, so load and the
 * effect of one bad node spread; any choice is valid, nodes only check membership.
 */
public final class ContributorChooser {
    private ContributorChooser() {
    }

    /** A request's own offset into the committees and replicas, from its id. */
    public static int spread(String requestId) {
        return Math.floorMod(requestId.hashCode(), 1 << 16);
    }

    /** D for {@code attempt}; empty when fewer than {@code threshold} committees have a usable node. */
    public static Optional<SortedMap<Integer, String>> choose(DkgDirectory directory, int threshold, int attempt,
                                                       int requestSpread, Set<String> excluded) {
        int committees = directory.committeeCount();
        SortedMap<Integer, String> chosen = new TreeMap<>();
        int offset = Math.floorMod(requestSpread + attempt, committees);
        for (int step = 0; step < committees && chosen.size() < threshold; step++) {
            int committee = 1 + Math.floorMod(offset + step, committees);
            List<String> usable = new ArrayList<>();
            for (DkgDirectory.Member member : directory.signingNodes(committee)) {
                if (!excluded.contains(member.nodeId())) {
                    usable.add(member.nodeId());
                }
            }
            if (!usable.isEmpty()) {
                chosen.put(committee, usable.get(Math.floorMod(requestSpread + attempt, usable.size())));
            }
        }
        return chosen.size() == threshold ? Optional.of(chosen) : Optional.empty();
    }
}
