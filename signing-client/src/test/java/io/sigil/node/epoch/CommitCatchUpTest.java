package io.sigil.node.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catch-up's waits while a proposal is open: 5 s, doubling, never beyond 60 s. */
class CommitCatchUpTest {

    @Test
    void theWaitDoublesUpToTheLongest() {
        List<Long> waits = new ArrayList<>();
        Duration wait = CommitCatchUp.FIRST_WAIT;
        for (int ask = 0; ask < 7; ask++) {
            waits.add(wait.toSeconds());
            wait = CommitCatchUp.backoff(wait);
        }
        assertThat(waits).containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L);
    }
}
