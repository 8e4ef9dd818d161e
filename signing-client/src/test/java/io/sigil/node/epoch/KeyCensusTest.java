package io.sigil.node.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which keys a next registry would strand (docs/keygen.md §3.1): a key at the running default
 * threshold moves to the next default, any other keeps its own, and a key whose threshold would
 * exceed the next epoch's committees makes the node refuse the proposal.
 */
class KeyCensusTest {

    @Test
    void keysAtTheDefaultFollowItAndOthersKeepTheirThreshold() {
        KeyCensus census = new KeyCensus(7, Map.of(2, 4L, 3, 2L, 4, 1L));

        // 3 committees in e+1, default 2 → 2: the t=4 key cannot live there
        assertThat(census.stranded(2, 2, 3)).containsExactly(Map.entry(4, 1L));
        // 2 committees: t=3 and t=4 keys are stranded, the default keys move to the new default
        assertThat(census.stranded(2, 2, 2)).containsExactlyInAnyOrderEntriesOf(Map.of(3, 2L, 4, 1L));
        // default raised to 3 with 3 committees: the 4 default keys move to 3, only t=4 is stranded
        assertThat(census.stranded(2, 3, 3)).containsExactly(Map.entry(4, 1L));
        // enough committees for everyone
        assertThat(census.stranded(2, 3, 4)).isEmpty();
    }

    @Test
    void theRunningDefaultIsWhatMovesNotTheValue() {
        KeyCensus census = new KeyCensus(3, Map.of(3, 3L));

        // the running default is 2, so t=3 keys keep t=3 even though the next default is 2
        assertThat(census.stranded(2, 2, 2)).containsExactly(Map.entry(3, 3L));
        // the running default is 3: they follow it down to 2
        assertThat(census.stranded(3, 2, 2)).isEmpty();
    }
}
