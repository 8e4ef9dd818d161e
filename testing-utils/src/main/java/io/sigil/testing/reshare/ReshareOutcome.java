package io.sigil.testing.reshare;

import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareTranscript;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one reshare attempt of {@link InMemoryReshareNetwork#run} produced: refusals by contributors,
 * by the manager (its own check of the public parts) and by new nodes (the checks of keygen §3.4,
 * or activation), the pending records of epoch {@code e+1}, the manager's tally, and the nodes whose
 * record the activation covered.
 *
 * @param managerAbort the manager's refusal, or null
 * @param expected the {@code (record, C', T')} the manager computed, or null if it refused
 * @param tally the manager's tally, or null if no acknowledgement was asked for
 */
public record ReshareOutcome(
        Map<String, DkgAbort> contributorAborts,
        DkgAbort managerAbort,
        ReshareTranscript expected,
        Map<String, DkgAbort> nodeAborts,
        Map<String, PendingReshare> pending,
        Activation.Tally tally,
        Map<String, DkgAbort> activationAborts,
        Set<String> active) {

    /** Every refusal of the attempt, by the node (or "manager") that refused. */
    public Map<String, DkgAbort> allAborts() {
        Map<String, DkgAbort> all = new TreeMap<>(contributorAborts);
        if (managerAbort != null) {
            all.put(InMemoryReshareNetwork.MANAGER, managerAbort);
        }
        all.putAll(nodeAborts);
        all.putAll(activationAborts);
        return all;
    }
}
