package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.AbortClass;
import java.util.Objects;
import java.util.Set;

/**
 * How a job ended: with a result, or failed with a typed reason, its abort class (spec §8:
 * RETRY, BAN, LOCAL) and the peers to blame. {@code detail} holds public facts only.
 */
public sealed interface JobOutcome<R> {

    /** The stage deadline passed; culprits are the peers still awaited (spec §8 row 2). */
    String TIMEOUT = "Timeout";
    /**
     * A peer could not be reached: a message could not be handed to it, or its stream dropped
     * and reconnecting was refused for longer than the transport's reconnect budget.
     */
    String PEER_UNREACHABLE = "PeerUnreachable";
    /**
     * A peer's stream carried something that does not open or fails its checks: an envelope with
     * a bad signature, from outside the party, of another session, undecryptable, or an event
     * sequence with a gap. (Protocol content that fails the DKLs23 checks ends the job with the
     * protocol's own reason code, e.g. {@code CommitmentMismatch} or {@code InvalidMessage}.)
     */
    String INVALID_MESSAGE = "InvalidMessage";
    /** A peer refused this node's subscription to its stream of the session. */
    String REFUSED = "Refused";
    /** An unexpected error inside this node; nobody else is blamed. */
    String LOCAL_ERROR = "LocalError";
    /** The manager was closed while the job ran or waited. */
    String SHUTDOWN = "Shutdown";
    /** Ended from outside, e.g. because a pair the job uses was banned (spec §8 ban procedure step 2). */
    String ABORTED = "Aborted";

    record Completed<R>(R result) implements JobOutcome<R> {
        public Completed {
            Objects.requireNonNull(result, "result");
        }
    }

    record Failed<R>(String reasonCode, AbortClass abortClass, Set<String> culprits, String detail)
            implements JobOutcome<R> {
        public Failed {
            Objects.requireNonNull(reasonCode, "reasonCode");
            Objects.requireNonNull(abortClass, "abortClass");
            culprits = Set.copyOf(culprits);
            detail = detail == null ? "" : detail;
        }
    }

    static <R> JobOutcome<R> completed(R result) {
        return new Completed<>(result);
    }

    static <R> JobOutcome<R> failed(String reasonCode, AbortClass abortClass, Set<String> culprits,
            String detail) {
        return new Failed<>(reasonCode, abortClass, culprits, detail);
    }
}
