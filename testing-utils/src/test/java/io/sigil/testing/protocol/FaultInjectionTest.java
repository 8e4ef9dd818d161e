package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.RoundEnvelope.Kind;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.sign.SignRound2;
import io.sigil.crypto.dkls23.sign.SignRound3;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec §10 item 10: one field of one message of party P = committee 2 corrupted at a time, in a
 * 3-of-3 session; every honest detector aborts with the §8 reason, culprit and class, and nobody
 * outputs a signature. BAN cases also check that the ban is persisted and blocks the pair.
 */
class FaultInjectionTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final String P = InMemoryNetwork.nodeId(2);
    private static final String HONEST_1 = InMemoryNetwork.nodeId(1);
    private static final String HONEST_3 = InMemoryNetwork.nodeId(3);
    /** R1P = dir_sid (32) ‖ MUL1; offsets below are into R1P. */
    private static final int R1P_MUL1 = 32;
    private static final int MUL1_U = R1P_MUL1 + 32;
    private static final int MUL1_X = R1P_MUL1 + 32 + 19_968;
    private static final int MUL1_T = MUL1_X + 26;
    private static final int R2P_MUL2 = 33 + 33 + 32;
    private static final int MUL2_D = R2P_MUL2 + 4 * 416 * 32;
    private static final int MUL2_MU = MUL2_D + 32;
    private static final int MUL2_GAMMA = MUL2_MU + 64;

    private static InMemoryNetwork network;
    private static DealtKey key;
    private static int requests;

    @BeforeAll
    static void setUp() throws Exception {
        network = InMemoryNetwork.withAllPairs(3, RNG);
        key = FeldmanDealer.generate(3, 3, RNG);
    }

    record Case(String name, int round, Kind kind, boolean onlyToNode1, UnaryOperator<byte[]> mutation,
            Class<? extends AbortReason> reason, AbortClass abortClass, Set<String> detectors,
            boolean attributable) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Set<String> both = Set.of(HONEST_1, HONEST_3);
        Set<String> node1 = Set.of(HONEST_1);
        Set<String> everyone = Set.of(HONEST_1, P, HONEST_3);
        return Stream.of(
                new Case("R1B com", 1, Kind.BROADCAST, false, flip(0), AbortReason.InconsistentBroadcast.class, AbortClass.RETRY, both, true),
                new Case("R1B length", 1, Kind.BROADCAST, false, MessageInterceptor.truncate(), AbortReason.InvalidMessage.class, AbortClass.RETRY, both, true),
                new Case("R1P dir_sid (another pair generation: retired, nobody blamed)", 1, Kind.DIRECT, true, flip(3),
                        AbortReason.PairOutOfSync.class, AbortClass.RETRY, node1, false),
                new Case("R1P MUL1 nu", 1, Kind.DIRECT, true, flip(R1P_MUL1 + 5), AbortReason.OtConsistencyCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R1P MUL1 U", 1, Kind.DIRECT, true, flip(MUL1_U + 1000), AbortReason.OtConsistencyCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R1P MUL1 x~", 1, Kind.DIRECT, true, flip(MUL1_X + 3), AbortReason.OtConsistencyCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R1P MUL1 t~", 1, Kind.DIRECT, true, flip(MUL1_T + 77), AbortReason.OtConsistencyCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R1P length", 1, Kind.DIRECT, true, MessageInterceptor.truncate(), AbortReason.InvalidMessage.class, AbortClass.RETRY, node1, true),
                new Case("R2B R other point", 2, Kind.BROADCAST, false, r2b(b -> new SignRound2.Broadcast(b.instancePoint().add(Point.generator()), b.salt(), b.publicKeyShare(), b.echo1())), AbortReason.CommitmentMismatch.class, AbortClass.RETRY, both, true),
                new Case("R2B R not a point", 2, Kind.BROADCAST, false, set(0, (byte) 0x04), AbortReason.InvalidMessage.class, AbortClass.RETRY, both, true),
                new Case("R2B salt", 2, Kind.BROADCAST, false, flip(33 + 4), AbortReason.CommitmentMismatch.class, AbortClass.RETRY, both, true),
                new Case("R2B pk", 2, Kind.BROADCAST, false, r2b(b -> new SignRound2.Broadcast(b.instancePoint(), b.salt(), b.publicKeyShare().add(Point.generator()), b.echo1())), AbortReason.GammaVInconsistent.class, AbortClass.BAN, both, true),
                new Case("R2B E1", 2, Kind.BROADCAST, false, flip(33 + 32 + 33 + 1), AbortReason.InconsistentBroadcast.class, AbortClass.RETRY, both, true),
                new Case("R2P gamma u", 2, Kind.DIRECT, true, r2p(d -> new SignRound2.Direct(d.gammaU().add(Point.generator()), d.gammaV(), d.psi(), d.mul2())), AbortReason.GammaUInconsistent.class, AbortClass.BAN, node1, true),
                new Case("R2P gamma v", 2, Kind.DIRECT, true, r2p(d -> new SignRound2.Direct(d.gammaU(), d.gammaV().add(Point.generator()), d.psi(), d.mul2())), AbortReason.GammaVInconsistent.class, AbortClass.BAN, node1, true),
                new Case("R2P psi (spec §8 row 13: not attributable)", 2, Kind.DIRECT, true, r2p(d -> new SignRound2.Direct(d.gammaU(), d.gammaV(), d.psi().add(Scalar.ONE), d.mul2())), AbortReason.SignatureInvalid.class, AbortClass.RETRY, everyone, false),
                new Case("R2P psi >= q", 2, Kind.DIRECT, true, fill(66, 32, (byte) 0xFF), AbortReason.InvalidMessage.class, AbortClass.RETRY, node1, true),
                new Case("R2P MUL2 tau", 2, Kind.DIRECT, true, flipEvery(R2P_MUL2 + 31, 32, 416), AbortReason.MultiplicationCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R2P MUL2 D", 2, Kind.DIRECT, true, flip(MUL2_D + 9), AbortReason.MultiplicationCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R2P MUL2 mu", 2, Kind.DIRECT, true, flip(MUL2_MU + 31), AbortReason.MultiplicationCheckFailed.class, AbortClass.BAN, node1, true),
                new Case("R2P MUL2 gamma0", 2, Kind.DIRECT, true, flip(MUL2_GAMMA + 31), AbortReason.GammaUInconsistent.class, AbortClass.BAN, node1, true),
                new Case("R2P MUL2 gamma1", 2, Kind.DIRECT, true, flip(MUL2_GAMMA + 63), AbortReason.GammaVInconsistent.class, AbortClass.BAN, node1, true),
                new Case("R2P length", 2, Kind.DIRECT, true, MessageInterceptor.truncate(), AbortReason.InvalidMessage.class, AbortClass.RETRY, node1, true),
                new Case("R3B u (spec §8 row 13: not attributable)", 3, Kind.BROADCAST, false, r3b(b -> new SignRound3.Broadcast(b.u().add(Scalar.ONE), b.w(), b.digest(), b.echo2())), AbortReason.SignatureInvalid.class, AbortClass.RETRY, both, false),
                new Case("R3B w (spec §8 row 13: not attributable)", 3, Kind.BROADCAST, false, r3b(b -> new SignRound3.Broadcast(b.u(), b.w().add(Scalar.ONE), b.digest(), b.echo2())), AbortReason.SignatureInvalid.class, AbortClass.RETRY, both, false),
                new Case("R3B u >= q", 3, Kind.BROADCAST, false, fill(0, 32, (byte) 0xFF), AbortReason.InvalidMessage.class, AbortClass.RETRY, both, true),
                new Case("R3B e", 3, Kind.BROADCAST, false, flip(64 + 7), AbortReason.InconsistentBroadcast.class, AbortClass.RETRY, both, true),
                new Case("R3B E2", 3, Kind.BROADCAST, false, flip(96 + 7), AbortReason.InconsistentBroadcast.class, AbortClass.RETRY, both, true),
                new Case("R3B length", 3, Kind.BROADCAST, false, MessageInterceptor.truncate(), AbortReason.InvalidMessage.class, AbortClass.RETRY, both, true))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corruptedFieldAbortsWithSpecReasonAndCulprit(Case c) throws Exception {
        network.setupPairsAmong(List.of(1, 2, 3)); // re-create pairs banned by an earlier case
        int bansBefore = network.node(1).pairs().persistedBans().size()
                + network.node(3).pairs().persistedBans().size();
        Predicate<RoundEnvelope> target = e -> e.from().equals(P) && e.round() == c.round() && e.kind() == c.kind()
                && (!c.onlyToNode1() || e.to().equals(HONEST_1) || e.kind() == Kind.BROADCAST);
        SessionOutcome outcome = run(MessageInterceptor.corrupt(target, c.mutation()));

        // P itself received honest messages and may finish; no honest member outputs anything.
        assertFalse(outcome.signatures().containsKey(HONEST_1), "no signature at an honest member");
        assertFalse(outcome.signatures().containsKey(HONEST_3), "no signature at an honest member");
        for (String detector : c.detectors()) {
            Dkls23Abort abort = outcome.aborts().get(detector);
            assertNotNull(abort, detector + " must abort");
            assertInstanceOf(c.reason(), abort.reason(), detector + ": " + abort.getMessage());
            assertEquals(c.abortClass(), abort.abortClass());
            assertEquals(c.attributable() ? Set.of(P) : Set.of(), abort.culprits());
        }
        int bansAfter = network.node(1).pairs().persistedBans().size()
                + network.node(3).pairs().persistedBans().size();
        if (c.abortClass() == AbortClass.BAN) {
            for (String detector : c.detectors()) {
                TestNode node = network.node(Integer.parseInt(detector.substring(5)));
                BanRecord ban = node.pairs().persistedBans().getLast();
                assertEquals(P, ban.peerNode());
                assertInstanceOf(c.reason(), ban.reason());
                assertEquals(PairStatus.BANNED, node.pairs().find(P).orElseThrow().status());
                assertEquals(ban, node.reportedBans().getLast());
                assertTrue(node.abortedSessionsForPeer().contains(P));
            }
            // The ban blocks the pair: a new session with P is refused before anything is sent.
            SessionOutcome blocked = run(MessageInterceptor.NONE);
            Dkls23Abort refusal = blocked.aborts().get(HONEST_1);
            assertInstanceOf(AbortReason.PreCheckFailed.class, refusal.reason());
            assertEquals(AbortClass.LOCAL, refusal.abortClass());
        } else {
            assertEquals(bansBefore, bansAfter, "RETRY-class aborts never ban");
        }
    }

    @Test
    void duplicatesAreIgnoredAndReorderingIsHarmless() throws Exception {
        network.setupPairsAmong(List.of(1, 2, 3));
        for (long seed = 1; seed <= 3; seed++) {
            SessionOutcome outcome = network.signing(context(), key).shuffleSeed(seed)
                    .interceptor(MessageInterceptor.duplicate(e -> true)).run();
            assertTrue(outcome.allSigned(3), () -> outcome.aborts().toString());
        }
    }

    @Test
    void senderOutsideThePartyIsRefused() throws Exception {
        network.setupPairsAmong(List.of(1, 2, 3));
        var context = context();
        RoundEnvelope stranger = new RoundEnvelope(context.signSid(), "node-99", "", 1, Kind.BROADCAST, new byte[32]);
        SessionOutcome outcome = network.signing(context, key).inject(1, List.of(stranger)).run();
        Dkls23Abort abort = outcome.aborts().get(HONEST_1);
        assertInstanceOf(AbortReason.UnexpectedSender.class, abort.reason());
        assertEquals(Set.of("node-99"), abort.culprits());
        assertEquals(AbortClass.RETRY, abort.abortClass());
    }

    @Test
    void messagesOfAnotherSessionOrRoundAreRefused() throws Exception {
        network.setupPairsAmong(List.of(1, 2, 3));
        SessionOutcome earlier = run(MessageInterceptor.NONE);
        assertTrue(earlier.allSigned(3));
        RoundEnvelope old = earlier.transcript().stream()
                .filter(e -> e.from().equals(P) && e.round() == 1 && e.kind() == Kind.BROADCAST).findFirst().orElseThrow();
        // Replayed from the earlier session into a new one.
        SessionOutcome replayed = network.signing(context(), key).inject(1, List.of(old)).run();
        Dkls23Abort abort = replayed.aborts().get(HONEST_1);
        assertInstanceOf(AbortReason.UnexpectedSender.class, abort.reason());
        assertEquals(Set.of(P), abort.culprits());
        // Re-framed into the right session but delivered in round 2.
        var context = context();
        RoundEnvelope wrongRound = new RoundEnvelope(context.signSid(), P, "", 1, Kind.BROADCAST, old.payload());
        SessionOutcome late = network.signing(context, key).inject(2, List.of(wrongRound)).run();
        assertInstanceOf(AbortReason.UnexpectedSender.class, late.aborts().get(HONEST_1).reason());
        assertTrue(late.signatures().isEmpty() || !late.signatures().containsKey(HONEST_1));
    }

    private static SessionOutcome run(MessageInterceptor interceptor) {
        return network.signing(context(), key).interceptor(interceptor).run();
    }

    private static io.sigil.crypto.dkls23.SignRequestContext context() {
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        return network.context(key, List.of(1, 2, 3), digest, "fault-" + (++requests));
    }

    private static UnaryOperator<byte[]> flip(int offset) {
        return MessageInterceptor.flipByte(offset);
    }

    private static UnaryOperator<byte[]> set(int offset, byte value) {
        return payload -> {
            byte[] copy = payload.clone();
            copy[offset] = value;
            return copy;
        };
    }

    private static UnaryOperator<byte[]> fill(int offset, int length, byte value) {
        return payload -> {
            byte[] copy = payload.clone();
            Arrays.fill(copy, offset, offset + length, value);
            return copy;
        };
    }

    /** Flips bit 0 of {@code count} bytes spaced {@code stride} apart from {@code offset}. */
    private static UnaryOperator<byte[]> flipEvery(int offset, int stride, int count) {
        return payload -> {
            byte[] copy = payload.clone();
            for (int k = 0; k < count; k++) {
                copy[offset + k * stride] ^= 0x01;
            }
            return copy;
        };
    }

    private static UnaryOperator<byte[]> r2b(UnaryOperator<SignRound2.Broadcast> change) {
        return payload -> change.apply(SignRound2.Broadcast.decode(payload)).encode();
    }

    private static UnaryOperator<byte[]> r2p(UnaryOperator<SignRound2.Direct> change) {
        return payload -> change.apply(SignRound2.Direct.decode(payload)).encode();
    }

    private static UnaryOperator<byte[]> r3b(UnaryOperator<SignRound3.Broadcast> change) {
        return payload -> change.apply(SignRound3.Broadcast.decode(payload)).encode();
    }

    @Test
    void casesCoverEveryRound() {
        assertFalse(cases().map(a -> ((Case) a.get()[0]).round()).distinct().toList().size() < 3);
    }
}
