package io.sigil.manager.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reshare yields to signing only while sign requests are in flight, in proportion to its batches. */
class ResharePacingTest {

    @Test
    void pausesInProportionToTheBatchOnlyWhileSigning() {
        AtomicInteger signing = new AtomicInteger();
        ResharePacing pacing = new ResharePacing(0.5, signing::get);
        assertThat(pacing.pauseNanos(1_000_000_000L)).as("no signing: full speed").isZero();
        signing.set(3);
        assertThat(pacing.pauseNanos(1_000_000_000L)).isEqualTo(500_000_000L);
        assertThat(ResharePacing.none().pauseNanos(1_000_000_000L)).isZero();
        assertThat(new ResharePacing(0, signing::get).pauseNanos(1_000_000_000L)).isZero();
    }

    @Test
    void aRatioOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResharePacing(-0.1, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ResharePacing(Double.NaN, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new ResharePacing(11, () -> 0));
    }
}
