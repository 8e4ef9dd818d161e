package io.sigil.testing.protocol.bench;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.dkls23.sign.SignRound2;
import io.sigil.crypto.dkls23.sign.SignRound3;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.testing.protocol.InMemoryNetwork;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timing main (not a test; never run by {@code ./mvnw verify}): pairwise setup, and t-of-n signing
 * in one process with every party's compute summed (setup excluded), split per round:
 * r1 = pre-checks + round 1 (nonces, zero share, MUL1 as Bob); r2 = storing round-1 messages +
 * step 7 (KOS check and MUL2 as Alice); r3 = storing round-2 messages + steps 8–9 (Bob's finish,
 * Γ checks, u/v/w); out = storing round-3 messages + step 10 (combine, verify, recover).
 * Wall-clock numbers; the JVM is warmed up first. Run with
 * {@code java -cp <test classpath> io.sigil.testing.protocol.bench.SigningBenchmark}.
 */
public final class SigningBenchmark {

    private static final SecureRandom RNG = new SecureRandom();
    private static int requests;

    public static void main(String[] args) throws Exception {
        int setupPairs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        InMemoryNetwork network = new InMemoryNetwork(10, RNG);
        // Pairwise setup: time single pairs serially (one core), after one warm-up pair.
        network.setupPair(9, 10, b -> b, b -> b);
        long start = System.nanoTime();
        for (int k = 0; k < setupPairs; k++) {
            network.setupPair(8, 9 + (k % 2), b -> b, b -> b); // re-setup: generation grows
        }
        System.out.printf("pairwise setup (both nodes' compute, one thread): %.1f ms per pair over %d pairs%n",
                (System.nanoTime() - start) / 1e6 / setupPairs, setupPairs);
        network.setupPairsAmong(List.of(1, 2, 3, 4, 5, 6, 7));

        benchmark(network, 2, 2, List.of(1, 2), 200, 300);
        benchmark(network, 2, 3, List.of(1, 3), 100, 300);
        benchmark(network, 3, 5, List.of(1, 3, 5), 50, 150);
        benchmark(network, 7, 10, List.of(1, 2, 3, 4, 5, 6, 7), 10, 30);
    }

    private static void benchmark(InMemoryNetwork network, int t, int n, List<Integer> committees,
            int warmup, int runs) throws Exception {
        DealtKey key = FeldmanDealer.generate(t, n, RNG);
        for (int k = 0; k < warmup; k++) {
            signOnce(network, key, committees);
        }
        long[][] totals = new long[runs][];
        for (int k = 0; k < runs; k++) {
            totals[k] = signOnce(network, key, committees);
        }
        double[] sums = new double[5];
        long[] all = new long[runs];
        for (int k = 0; k < runs; k++) {
            for (int r = 0; r < 4; r++) {
                sums[r] += totals[k][r];
            }
            all[k] = totals[k][0] + totals[k][1] + totals[k][2] + totals[k][3];
        }
        Arrays.sort(all);
        System.out.printf("%d-of-%d signing, all %d parties' compute summed: mean %.2f ms, median %.2f ms, p90 %.2f ms"
                        + " | per party per round (mean): r1 %.2f, r2 %.2f, r3 %.2f, out %.2f ms%n",
                t, n, t, Arrays.stream(all).average().orElse(0) / 1e6, all[runs / 2] / 1e6, all[runs * 9 / 10] / 1e6,
                sums[0] / runs / t / 1e6, sums[1] / runs / t / 1e6, sums[2] / runs / t / 1e6, sums[3] / runs / t / 1e6);
    }

    /** One session; returns nanoseconds per round summed over all parties. */
    static long[] signOnce(InMemoryNetwork network, DealtKey key, List<Integer> committees) throws Exception {
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        SignRequestContext context = network.context(key, committees, digest, "bench-" + (++requests));
        var session = network.signing(context, key);
        long[] time = new long[4];
        Map<PartyId, SignRound1> round1 = new LinkedHashMap<>();
        List<RoundEnvelope> wire = new ArrayList<>();
        for (PartyId member : context.party().members()) {
            long t0 = System.nanoTime();
            SignRound1 r = SignRound1.start(session.inputFor(member), RNG);
            wire.addAll(r.outgoing());
            time[0] += System.nanoTime() - t0;
            round1.put(member, r);
        }
        Map<PartyId, SignRound2> round2 = new LinkedHashMap<>();
        List<RoundEnvelope> wire2 = new ArrayList<>();
        for (var entry : round1.entrySet()) {
            long t0 = System.nanoTime();
            deliver(wire, entry.getKey(), e -> entry.getValue().store(e));
            SignRound2 next = entry.getValue().finish();
            wire2.addAll(next.outgoing());
            time[1] += System.nanoTime() - t0;
            round2.put(entry.getKey(), next);
        }
        Map<PartyId, SignRound3> round3 = new LinkedHashMap<>();
        List<RoundEnvelope> wire3 = new ArrayList<>();
        for (var entry : round2.entrySet()) {
            long t0 = System.nanoTime();
            deliver(wire2, entry.getKey(), e -> entry.getValue().store(e));
            SignRound3 next = entry.getValue().finish();
            wire3.addAll(next.outgoing());
            time[2] += System.nanoTime() - t0;
            round3.put(entry.getKey(), next);
        }
        EcdsaSignature signature = null;
        for (var entry : round3.entrySet()) {
            long t0 = System.nanoTime();
            deliver(wire3, entry.getKey(), e -> entry.getValue().store(e));
            signature = entry.getValue().finish();
            time[3] += System.nanoTime() - t0;
        }
        if (!signature.verify(key.publicKey(), digest)) {
            throw new IllegalStateException("benchmark produced an invalid signature");
        }
        return time;
    }

    interface Store {
        void accept(RoundEnvelope envelope) throws Exception;
    }

    private static void deliver(List<RoundEnvelope> wire, PartyId recipient, Store store) throws Exception {
        for (RoundEnvelope envelope : wire) {
            boolean forMe = envelope.kind() == RoundEnvelope.Kind.BROADCAST
                    ? !envelope.from().equals(recipient.nodeId()) : envelope.to().equals(recipient.nodeId());
            if (forMe) {
                store.accept(envelope);
            }
        }
    }
}
