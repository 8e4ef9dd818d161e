package io.sigil.crypto.dkg;

import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * A key-lifecycle step (network key generation, or the reshare of a key) refused. Names the nodes to blame (node ids of contributors or
 * acknowledging nodes; none when the fault is the relaying manager's or nobody's) and a typed
 * {@link DkgFailure}. {@link #managerAtFault()} is true when what the manager relayed is itself
 * inconsistent (a commit set without a contributor's own commitment, an activation whose
 * acknowledgements do not verify): keygen §2.4 names "the manager's set as invalid". The message
 * holds only public facts.
 */
public final class DkgAbort extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient DkgFailure failure;
    private final Set<String> culprits;
    private final boolean managerAtFault;
    private final byte[] sessionId;

    private DkgAbort(DkgFailure failure, Set<String> culprits, boolean managerAtFault, byte[] sessionId) {
        super(describe(failure, culprits, managerAtFault, sessionId), null, false, false);
        this.failure = failure;
        this.culprits = Set.copyOf(culprits);
        this.managerAtFault = managerAtFault;
        this.sessionId = sessionId == null ? new byte[0] : sessionId.clone();
    }

    /** The node {@code culprit} is at fault. */
    public static DkgAbort blame(DkgFailure failure, String culprit, byte[] sessionId) {
        return new DkgAbort(failure, Set.of(culprit), false, sessionId);
    }

    /** Several nodes are at fault together (e.g. reshare contributors whose records disagree). */
    public static DkgAbort blameAll(DkgFailure failure, Set<String> culprits, byte[] sessionId) {
        if (culprits.isEmpty()) {
            throw new IllegalArgumentException("blameAll needs at least one culprit");
        }
        return new DkgAbort(failure, culprits, false, sessionId);
    }

    /** What the manager relayed is inconsistent; no node is blamed. */
    public static DkgAbort blameManager(DkgFailure failure, byte[] sessionId) {
        return new DkgAbort(failure, Set.of(), true, sessionId);
    }

    /** Nobody can be blamed (a negligible-probability event, or bad local input). */
    public static DkgAbort unattributed(DkgFailure failure, byte[] sessionId) {
        return new DkgAbort(failure, Set.of(), false, sessionId);
    }

    public DkgFailure failure() {
        return failure;
    }

    /** Node ids blamed; empty when the manager or nobody is at fault. */
    public Set<String> culprits() {
        return culprits;
    }

    public boolean managerAtFault() {
        return managerAtFault;
    }

    /** The public dkg_sid of the attempt (empty if not yet known). */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    private static String describe(DkgFailure failure, Set<String> culprits, boolean manager, byte[] sid) {
        String session = sid == null || sid.length == 0 ? "-" : HexFormat.of().formatHex(sid, 0, Math.min(8, sid.length));
        return "dkg " + failure + " culprits=" + new TreeSet<>(culprits) + (manager ? " manager-at-fault" : "")
                + " session=" + session;
    }
}
