package io.sigil.crypto.dkg;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manager's checks of the reveals (keygen §2.6, the same as a node's §2.5 steps 2–3:
 * commit-set binding, {@code h_d}, exactly t commitments, proof of knowledge), run on each reveal
 * as it arrives instead of on all of them once the last one is in, so that only the last reveal's
 * check stays between the reveal round and delivery (docs/keygen.md §6.1). A contributor at fault
 * is still named before any node is asked to acknowledge: {@link #transcript} refuses until every
 * contributor of D has a reveal that passed. Safe to call from the threads that receive the reveals.
 */
public final class RevealsOnArrival {
    private final DkgParameters parameters;
    private final byte[] sessionId;
    private final CommitSet commitSet;
    private final byte[] setHash;
    private final Map<Integer, Reveal> passed = new ConcurrentHashMap<>();

    /** Against the commit set the manager built; a set that does not hold exactly D is its own fault. */
    public RevealsOnArrival(DkgParameters parameters, CommitSet commitSet) throws DkgAbort {
        this.parameters = parameters;
        this.sessionId = parameters.sessionId();
        if (!commitSet.coversExactly(parameters)) {
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("the set does not hold exactly D"), sessionId);
        }
        this.commitSet = commitSet;
        this.setHash = commitSet.digest(sessionId);
    }

    /** Checks the reveal of {@code contributor} and keeps it; a failure names that contributor. */
    public void check(int contributor, Reveal reveal) throws DkgAbort {
        if (!parameters.contributors().containsKey(contributor)) {
            throw DkgAbort.blameManager(new DkgFailure.RevealMissing("a reveal of committee " + contributor
                    + ", which is not in D"), sessionId);
        }
        passed.put(contributor, DkgRound3.checkReveal(parameters, sessionId, commitSet, setHash, contributor, reveal,
                true));
    }

    /** {@link DkgTranscript#of} the checked reveals; a contributor without one is named. */
    public DkgTranscript transcript() throws DkgAbort {
        SortedMap<Integer, Reveal> ordered = new TreeMap<>();
        for (int contributor : parameters.contributors().keySet()) {
            Reveal reveal = passed.get(contributor);
            if (reveal == null) {
                throw DkgAbort.blame(new DkgFailure.RevealMissing("no reveal of committee " + contributor),
                        parameters.contributorNode(contributor), sessionId);
            }
            ordered.put(contributor, reveal);
        }
        return DkgTranscript.of(sessionId, ordered);
    }
}
