package io.sigil.crypto.dkg;

import io.sigil.identity.NodeIdentity;
import java.security.SecureRandom;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An honest attempt the dkg unit tests share: t = 2, three committees of one node each
 * ({@code node-1..node-3}), contributors 1 and 2, both through round 2.
 */
record TwoContributorDealing(DkgParameters parameters, DkgDirectory directory,
                             SortedMap<String, NodeIdentity> identities, CommitSet set, DkgRound2.Message one,
                             DkgRound2.Message two) {
    private static final SecureRandom RNG = new SecureRandom();

    static TwoContributorDealing run() throws DkgAbort {
        DkgParameters parameters = DkgRoundsTest.parameters(2, 3);
        SortedMap<String, NodeIdentity> identities = new TreeMap<>();
        DkgDirectory directory = DkgRoundsTest.oneNodePerCommittee(3, identities);
        DkgRound1 first = DkgRound1.start(parameters, 1, RNG);
        DkgRound1 second = DkgRound1.start(parameters, 2, RNG);
        CommitSet set = CommitSet.of(List.of(first.message(), second.message()));
        return new TwoContributorDealing(parameters, directory, identities, set, first.finish(set).deal(directory),
                second.finish(set).deal(directory));
    }

    /** Contributor {@code contributor}'s round-2 message. */
    DkgRound2.Message dealt(int contributor) {
        return contributor == 1 ? one : two;
    }
}
