package io.sigil.service.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.wire.FaultReport;
import org.junit.jupiter.api.Test;

class FaultCountersTest {

    @Test
    void countsRefusalsCulpritsAndFailuresUnderTheirKeys() {
        FaultCounters counters = new FaultCounters();
        counters.refused("envelope", "forged-signature");
        counters.refused("envelope", "forged-signature");
        counters.refused("sign-request", "replayed");
        counters.culprit("node-1a");
        counters.failure("Timeout");
        FaultReport report = counters.snapshot();
        assertThat(report.refused("envelope", "forged-signature")).isEqualTo(2);
        assertThat(report.refused("sign-request", "replayed")).isEqualTo(1);
        assertThat(report.refused("sign-request", "expired")).isZero();
        assertThat(report.culprit("node-1a")).isEqualTo(1);
        assertThat(report.failures("Timeout")).isEqualTo(1);
    }

    @Test
    void textThatIsNotAVocabularyWordOrNodeIdIsCountedAsOther() {
        FaultCounters counters = new FaultCounters();
        counters.refused("envelope", "secret 0xdeadbeef\nInjected: header");
        counters.culprit("node one; drop table");
        counters.failure(null);
        FaultReport report = counters.snapshot();
        assertThat(report.refused()).containsOnlyKeys("envelope/other");
        assertThat(report.culprits()).containsOnlyKeys(FaultCounters.OTHER);
        assertThat(report.failures()).containsOnlyKeys(FaultCounters.OTHER);
    }

    @Test
    void theNumberOfKeysIsBounded() {
        FaultCounters counters = new FaultCounters();
        for (int i = 0; i < 3 * FaultCounters.MAX_KEYS; i++) {
            counters.culprit("node-" + i);
        }
        FaultReport report = counters.snapshot();
        assertThat(report.culprits()).hasSizeLessThanOrEqualTo(FaultCounters.MAX_KEYS + 1);
        assertThat(report.culprits().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(3L * FaultCounters.MAX_KEYS);
    }
}
