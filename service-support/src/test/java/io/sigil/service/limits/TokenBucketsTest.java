package io.sigil.service.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aBurstIsAllowedThenOneTokenPerIntervalPerKeyIndependently() {
        HandClock clock = new HandClock();
        TokenBuckets buckets = new TokenBuckets(6, 3, clock); // one token every 10 s, at most 3

        assertThat(buckets.tryTake("a")).isTrue();
        assertThat(buckets.tryTake("a")).isTrue();
        assertThat(buckets.tryTake("a")).isTrue();
        assertThat(buckets.tryTake("a")).as("burst used up").isFalse();
        assertThat(buckets.tryTake("b")).as("another key has its own bucket").isTrue();

        clock.advance(Duration.ofSeconds(9));
        assertThat(buckets.tryTake("a")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(buckets.tryTake("a")).as("one token after 10 s").isTrue();
        assertThat(buckets.tryTake("a")).isFalse();

        clock.advance(Duration.ofHours(1));
        for (int taken = 0; taken < 3; taken++) {
            assertThat(buckets.tryTake("a")).as("refilled to the burst, not beyond").isTrue();
        }
        assertThat(buckets.tryTake("a")).isFalse();
        assertThat(buckets.retryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void bucketsSweptAfterManyKeysStillAnswerCorrectly() {
        HandClock clock = new HandClock();
        TokenBuckets buckets = new TokenBuckets(60, 1, clock);
        for (int key = 0; key < 5000; key++) {
            assertThat(buckets.tryTake("key-" + key)).isTrue();
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(buckets.tryTake("key-0")).isTrue(); // this call sweeps the refilled buckets
        assertThat(buckets.tryTake("key-0")).isFalse();
        assertThat(buckets.tryTake("key-4999")).as("a swept key starts again with a full bucket").isTrue();
        assertThat(buckets.tryTake("key-4999")).isFalse();
    }
}
