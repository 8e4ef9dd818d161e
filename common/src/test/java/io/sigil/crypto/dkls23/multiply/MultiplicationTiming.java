package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.OtTestFixture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Timing main (not a test): one "MUL pair" = Bob start + Alice respond + Bob finish, on one
 * thread, after warm-up. Reports thread CPU time, which other load on the machine disturbs less
 * than wall-clock time. Run from the module directory:
 * {@code java -cp target/classes:target/test-classes:<deps> io.sigil.crypto.dkls23.multiply.MultiplicationTiming}.
 */
public final class MultiplicationTiming {

    private MultiplicationTiming() {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long setupStart = now();
        OtTestFixture fixture = OtTestFixture.get();
        System.out.printf("base OT (both sides, 256 instances): %.1f ms%n", (now() - setupStart) / 1e6);
        Scalar a0 = Scalar.random(OtTestFixture.RANDOM);
        Scalar a1 = Scalar.random(OtTestFixture.RANDOM);
        for (int round = 0; round < rounds; round++) {
            long bobStart = 0;
            long aliceRespond = 0;
            long bobFinish = 0;
            for (int i = 0; i < perRound; i++) {
                byte[] mulSid = OtTestFixture.randomBytes(32);
                long t0 = now();
                MultiplicationReceiver bob = MultiplicationReceiver.start(mulSid, fixture.dirSid, fixture.bobSeeds,
                        OtTestFixture.RANDOM);
                long t1 = now();
                MultiplicationSenderResult alice = MultiplicationSender.respond(mulSid, fixture.dirSid,
                        fixture.aliceSeeds, bob.message(), a0, a1, OtTestFixture.RANDOM);
                long t2 = now();
                Scalar[] d = bob.finish(alice.message());
                long t3 = now();
                if (!alice.c()[0].add(d[0]).equals(bob.chi().multiply(a0))) {
                    throw new AssertionError("wrong product");
                }
                bobStart += t1 - t0;
                aliceRespond += t2 - t1;
                bobFinish += t3 - t2;
            }
            double total = (bobStart + aliceRespond + bobFinish) / 1e6 / perRound;
            System.out.printf("round %d: Bob start %.3f ms, Alice respond %.3f ms, Bob finish %.3f ms, pair %.3f ms%n",
                    round, bobStart / 1e6 / perRound, aliceRespond / 1e6 / perRound, bobFinish / 1e6 / perRound, total);
        }
    }
}
