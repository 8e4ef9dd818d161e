package io.sigil.manager.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 7240's {@code wait} among other preferences, parameters, case and quoting; anything else ignored. */
class PreferWaitTest {

    @Test
    void theFirstWellFormedWaitCounts() {
        assertThat(PreferWait.seconds(List.of("wait=10"))).hasValue(10);
        assertThat(PreferWait.seconds(List.of("respond-async, WAIT = 5"))).hasValue(5);
        assertThat(PreferWait.seconds(List.of("wait=\"7\"; foo=bar"))).hasValue(7);
        assertThat(PreferWait.seconds(List.of("return=minimal", "wait=3", "wait=9"))).hasValue(3);
        assertThat(PreferWait.seconds(List.of("wait=x, wait=4"))).hasValue(4);
        assertThat(PreferWait.seconds(List.of("wait=0"))).hasValue(0);
    }

    @Test
    void noWaitOrAMalformedOneIsNoPreference() {
        assertThat(PreferWait.seconds(List.of())).isEqualTo(OptionalLong.empty());
        assertThat(PreferWait.seconds(List.of("respond-async"))).isEmpty();
        assertThat(PreferWait.seconds(List.of("wait"))).isEmpty();
        assertThat(PreferWait.seconds(List.of("wait="))).isEmpty();
        assertThat(PreferWait.seconds(List.of("wait=-1"))).isEmpty();
        assertThat(PreferWait.seconds(List.of("wait=1.5"))).isEmpty();
        assertThat(PreferWait.seconds(List.of("wait=99999999999999999999"))).isEmpty();
        assertThat(PreferWait.seconds(List.of("waiting=5"))).isEmpty();
    }
}
