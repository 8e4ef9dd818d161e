package io.sigil.node.jobs;

import java.util.Objects;

/** What a job reports after starting or after taking one message: still running, or ended. */
public sealed interface JobStep<R> {

    record Running<R>() implements JobStep<R> {
    }

    record Ended<R>(JobOutcome<R> outcome) implements JobStep<R> {
        public Ended {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    static <R> JobStep<R> running() {
        return new Running<>();
    }

    static <R> JobStep<R> ended(JobOutcome<R> outcome) {
        return new Ended<>(outcome);
    }

    static <R> JobStep<R> completed(R result) {
        return new Ended<>(JobOutcome.completed(result));
    }
}
