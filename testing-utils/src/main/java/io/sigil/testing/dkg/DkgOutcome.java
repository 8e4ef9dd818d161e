package io.sigil.testing.dkg;

import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgTranscript;
import io.sigil.crypto.dkg.PendingKey;
import java.util.Map;
import java.util.Set;

/**
 * What one attempt of {@link InMemoryDkgNetwork#run} produced: the refusals by contributors (round 2),
 * by the manager (its own check of the reveals), and by nodes (round 3 checks or activation), the
 * pending records, the manager's tally, and the nodes that marked their record ACTIVE.
 *
 * @param managerAbort the manager's refusal of the reveals, or null
 * @param expected the (T, PK) the manager computed, or null if it refused
 * @param tally the manager's tally, or null if no acknowledgement was asked for
 */
public record DkgOutcome(
        Map<String, DkgAbort> contributorAborts,
        DkgAbort managerAbort,
        DkgTranscript expected,
        Map<String, DkgAbort> nodeAborts,
        Map<String, PendingKey> pending,
        Activation.Tally tally,
        Map<String, DkgAbort> activationAborts,
        Set<String> active) {

    /** Every refusal of the attempt, by the node (or "manager") that refused. */
    public Map<String, DkgAbort> allAborts() {
        Map<String, DkgAbort> all = new java.util.TreeMap<>(contributorAborts);
        if (managerAbort != null) {
            all.put(InMemoryDkgNetwork.MANAGER, managerAbort);
        }
        all.putAll(nodeAborts);
        all.putAll(activationAborts);
        return all;
    }
}
