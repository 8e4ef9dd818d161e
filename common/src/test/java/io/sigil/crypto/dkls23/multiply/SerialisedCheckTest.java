package io.sigil.crypto.dkls23.multiply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.DirectionBannedException;
import io.sigil.crypto.ot.DirectionGuard;
import io.sigil.crypto.ot.OtTestFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Spec §4.6.3 and §10 item 12 through the multiplication API. */
class SerialisedCheckTest {

    private final OtTestFixture fixture = OtTestFixture.get();

    private Mul1Message corruptedMul1(byte[] mulSid) {
        MultiplicationReceiver bob = MultiplicationReceiver.start(mulSid, fixture.dirSid, fixture.bobSeeds,
                OtTestFixture.RANDOM);
        Mul1Message honest = bob.message();
        bob.destroy();
        byte[] u = honest.u();
        u[1000] ^= 1;
        return new Mul1Message(honest.nu(), u, honest.xTilde(), honest.tTilde());
    }

    @Test
    void honestRunUnderGuardSucceeds() throws Exception {
        DirectionGuard guard = new DirectionGuard(false, () -> {
            throw new AssertionError("no ban expected");
        });
        byte[] mulSid = OtTestFixture.randomBytes(32);
        MultiplicationReceiver bob = MultiplicationReceiver.start(mulSid, fixture.dirSid, fixture.bobSeeds,
                OtTestFixture.RANDOM);
        Scalar a0 = Scalar.random(OtTestFixture.RANDOM);
        Scalar a1 = Scalar.random(OtTestFixture.RANDOM);
        MultiplicationSenderResult alice = MultiplicationSender.respond(mulSid, fixture.dirSid, fixture.aliceSeeds,
                bob.message(), a0, a1, OtTestFixture.RANDOM, guard);
        Scalar[] d = bob.finish(alice.message());
        assertEquals(bob.chi().multiply(a0), alice.c()[0].add(d[0]));
        assertEquals(bob.chi().multiply(a1), alice.c()[1].add(d[1]));
    }

    @Test
    void concurrentFailingChecksGiveOneEvaluatedFailureAndOneUnevaluatedAbort() throws Exception {
        AtomicInteger bansRecorded = new AtomicInteger();
        DirectionGuard guard = new DirectionGuard(false, bansRecorded::incrementAndGet);
        List<byte[]> sids = List.of(OtTestFixture.randomBytes(32), OtTestFixture.randomBytes(32));
        List<Mul1Message> messages = new ArrayList<>();
        for (byte[] sid : sids) {
            messages.add(corruptedMul1(sid));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MultiplicationSenderResult>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int index = i;
                outcomes.add(pool.submit(() -> MultiplicationSender.respond(sids.get(index), fixture.dirSid,
                        fixture.aliceSeeds, messages.get(index), Scalar.ONE, Scalar.ONE, OtTestFixture.RANDOM, guard)));
            }
            int evaluatedFailures = 0;
            int unevaluated = 0;
            for (Future<MultiplicationSenderResult> outcome : outcomes) {
                Throwable cause = assertThrows(ExecutionException.class, outcome::get).getCause();
                if (cause instanceof OtConsistencyCheckFailedException) {
                    evaluatedFailures++;
                } else if (cause instanceof DirectionBannedException) {
                    unevaluated++;
                }
            }
            assertEquals(1, evaluatedFailures);
            assertEquals(1, unevaluated);
            assertEquals(1, bansRecorded.get());
            assertTrue(guard.isBanned());
        } finally {
            pool.shutdownNow();
        }
    }
}
