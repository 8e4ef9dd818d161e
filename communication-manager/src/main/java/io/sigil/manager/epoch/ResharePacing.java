package io.sigil.manager.epoch;

import java.util.function.IntSupplier;

/**
 * Lets the reshare yield to signing (docs/keygen.md §6.4 "Pacing"): after each batch, while this
 * manager drives sign requests, the driver waits {@code ratio} times as long as the batch took
 * before it starts another, so the nodes' CPU, which both share, goes to signing for that time.
 * With no sign request in flight it does not wait: a quiet network reshares at full speed.
 */
final class ResharePacing {
    private final double ratio;
    private final IntSupplier signing;

    /**
     * @param ratio   pause per unit of batch time while signing (0: never pause)
     * @param signing the sign requests this manager drives now
     */
    ResharePacing(double ratio, IntSupplier signing) {
        if (!(ratio >= 0) || ratio > 10) {
            throw new IllegalArgumentException("sigil.epoch.reshare-pause-ratio " + ratio + " outside 0..10");
        }
        this.ratio = ratio;
        this.signing = signing;
    }

    /** Never pauses (tests, and a manager without signing). */
    static ResharePacing none() {
        return new ResharePacing(0, () -> 0);
    }

    /** How long to wait after a batch of {@code batchNanos}, given the signing now in flight. */
    long pauseNanos(long batchNanos) {
        return ratio > 0 && signing.getAsInt() > 0 ? (long) (batchNanos * ratio) : 0;
    }

    /** Waits {@link #pauseNanos}; the reshare's own thread. */
    void afterBatch(long batchNanos) throws InterruptedException {
        long pause = pauseNanos(batchNanos);
        if (pause > 0) {
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000)); // pacing is a time by design
        }
    }
}
