package io.sigil.wire.epoch;

import java.util.List;

/**
 * {@code GET /v1/epoch} on a manager (docs/keygen.md §3.2): the running epoch, the proposed one and
 * its document hash (null when none is open), the phase ({@code idle}, {@code proposed},
 * {@code resharing}, {@code prepared}, {@code committed}, {@code aborted}), reshare progress, the
 * nodes that have not accepted, every node's answer to the last proposal or abort, and the
 * {@code kind} of the change: {@code reshare}, or {@code add-replicas} (only signing nodes added to
 * existing committees: nothing is reshared, {@code keysDone} is {@code keysTotal} from the start).
 */
public record EpochStatus(String networkId, long current, Long proposed, String documentSha256, String phase,
                          long keysTotal, long keysDone, List<String> missing, List<NodeAnswer> nodes, String kind) {
    /** Every change but one that only adds replicas: the keys are reshared (docs/keygen.md §3.2). */
    public static final String RESHARE = "reshare";
    /** A change that only adds replicas to existing committees: nothing is reshared (docs/keygen.md §3.8). */
    public static final String ADD_REPLICAS = "add-replicas";

    public static final String IDLE = "idle";
    public static final String PROPOSED = "proposed";
    public static final String ABORTED = "aborted";
    public static final String RESHARING = "resharing";
    public static final String PREPARED = "prepared";
    public static final String COMMITTED = "committed";

    /**
     * One node's answer as the manager received it: {@code outcome} is {@code accepted},
     * {@code refused} (the node's signed {@code answer} says why), {@code unreachable} or
     * {@code invalid-answer} (the answer did not verify or named something else: {@code detail} says what).
     */
    public record NodeAnswer(String node, String outcome, String reason, String detail, EpochAnswer answer) {
        public static final String ACCEPTED = "accepted";
        public static final String REFUSED = "refused";
        public static final String UNREACHABLE = "unreachable";
        public static final String INVALID_ANSWER = "invalid-answer";
    }

    public EpochStatus {
        missing = List.copyOf(missing == null ? List.of() : missing);
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        kind = kind == null ? RESHARE : kind;
    }

    /** A status of a change that reshares (or of none). */
    public EpochStatus(String networkId, long current, Long proposed, String documentSha256, String phase,
                       long keysTotal, long keysDone, List<String> missing, List<NodeAnswer> nodes) {
        this(networkId, current, proposed, documentSha256, phase, keysTotal, keysDone, missing, nodes, RESHARE);
    }

    /** True for a change that only adds replicas (no reshare). */
    public boolean addsReplicasOnly() {
        return ADD_REPLICAS.equals(kind);
    }
}
