package io.sigil.wire.sync;

import java.util.List;

/**
 * A node's replica catch-up as its operator sees it ({@code POST /v1/sync/run} and
 * {@code /v1/sync/status}, {@code sigil node sync}): whether a run is going on, why it started,
 * and its counts so far. {@code keysReceived} of {@code total} is the progress against the peer
 * being read; {@code refusals} name the replica at fault and why; {@code unreachable} the peers
 * that could not be read.
 */
public record SyncStatus(String nodeId, String state, String trigger, long startedAt, long finishedAt, String peer,
                         long total, long keysReceived, long keysStored, long keysAlreadyHeld, long tombstonesStored,
                         long keysDeleted, long skippedWithoutEvidence, List<Refusal> refusals, List<String> unreachable) {
    public static final String IDLE = "idle";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public SyncStatus {
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
        unreachable = unreachable == null ? List.of() : List.copyOf(unreachable);
    }

    /** A replica whose answer was refused, and why. */
    public record Refusal(String replica, String reason, String detail) {
    }
}
