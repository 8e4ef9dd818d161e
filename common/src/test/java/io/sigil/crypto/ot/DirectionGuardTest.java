package io.sigil.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Spec §4.6.3: one check at a time per direction, ban recorded before the next check. */
class DirectionGuardTest {

    static final class ProbeFailed extends Exception {
    }

    @Test
    void banningFailureIsRecordedOnceAndBlocksLaterChecks() throws Exception {
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger evaluated = new AtomicInteger();
        DirectionGuard guard = new DirectionGuard(false, recorded::incrementAndGet);
        assertEquals("ok", guard.evaluate(ProbeFailed.class, () -> {
            evaluated.incrementAndGet();
            return "ok";
        }));
        assertThrows(ProbeFailed.class, () -> guard.evaluate(ProbeFailed.class, () -> {
            evaluated.incrementAndGet();
            throw new ProbeFailed();
        }));
        assertTrue(guard.isBanned());
        assertEquals(1, recorded.get());
        assertThrows(DirectionBannedException.class, () -> guard.evaluate(ProbeFailed.class, () -> {
            evaluated.incrementAndGet();
            return "never";
        }));
        assertEquals(2, evaluated.get());
        guard.ban();
        assertEquals(1, recorded.get());
    }

    @Test
    void otherFailuresDoNotBan() {
        DirectionGuard guard = new DirectionGuard(false, () -> {
            throw new AssertionError("must not record");
        });
        assertThrows(IllegalArgumentException.class, () -> guard.evaluate(ProbeFailed.class, () -> {
            throw new IllegalArgumentException("bad size");
        }));
        assertFalse(guard.isBanned());
    }

    @Test
    void alreadyBannedDirectionEvaluatesNothing() {
        DirectionGuard guard = new DirectionGuard(true, () -> {
        });
        assertThrows(DirectionBannedException.class, () -> guard.evaluate(ProbeFailed.class, () -> {
            throw new AssertionError("must not run");
        }));
    }

    @Test
    void concurrentProbesYieldOneEvaluatedFailureAndOneUnevaluatedAbort() throws Exception {
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger evaluated = new AtomicInteger();
        DirectionGuard guard = new DirectionGuard(false, recorded::incrementAndGet);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> guard.evaluate(Exception.class, () -> {
                evaluated.incrementAndGet();
                firstInside.countDown();
                release.await();
                throw new ProbeFailed();
            }));
            firstInside.await();
            Future<?> second = pool.submit(() -> guard.evaluate(ProbeFailed.class, () -> {
                evaluated.incrementAndGet();
                throw new ProbeFailed();
            }));
            release.countDown();
            Exception firstOutcome = assertThrows(Exception.class, first::get);
            Exception secondOutcome = assertThrows(Exception.class, second::get);
            assertTrue(firstOutcome.getCause() instanceof ProbeFailed);
            assertTrue(secondOutcome.getCause() instanceof DirectionBannedException);
            assertEquals(1, evaluated.get());
            assertEquals(1, recorded.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
