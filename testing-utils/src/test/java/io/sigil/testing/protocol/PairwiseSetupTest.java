package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.crypto.ec.InvalidEncodingException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §3 and §8 row 14: tampered setup messages abort and store nothing; pair state storage. */
class PairwiseSetupTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final String B = InMemoryNetwork.nodeId(2);
    private static InMemoryNetwork network;

    @BeforeAll
    static void setUp() {
        network = new InMemoryNetwork(2, RNG);
    }

    private static UnaryOperator<byte[]> flip(int offset) {
        return MessageInterceptor.flipByte(offset);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "S1 sigma_Z (Schnorr), 1, 97, SetupProofInvalid, true",
        "S1 seed_h, 1, 100, SetupProofInvalid, true",
        "S1 e0 of instance 0 (OR-proof), 1, 227, SetupProofInvalid, true",
        "S1 z1 of instance 254, 1, 49570, SetupProofInvalid, true",
        "S1 zc, 1, 49800, ZeroSeedOpeningMismatch, true",
        "S2 zs, 2, 3, ZeroSeedOpeningMismatch, true",
        "S2 zsalt, 2, 40, ZeroSeedOpeningMismatch, true",
        "S2 conf, 2, 70, ConfirmationMismatch, false"})
    void tamperedSetupAbortsAndStoresNothing(String name, int message, int offset, String reason,
            boolean attributable) {
        UnaryOperator<byte[]> tamper = flip(offset);
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, () -> network.setupPair(1, 2,
                message == 1 ? tamper : UnaryOperator.identity(), message == 2 ? tamper : UnaryOperator.identity()));
        assertEquals(reason, abort.reason().code(), abort.getMessage());
        assertEquals(attributable ? Set.of(B) : Set.of(), abort.culprits());
        assertEquals(AbortClass.RETRY, abort.abortClass());
        assertTrue(network.node(1).pairs().find(B).isEmpty(), "nothing stored after a failed setup");
    }

    @Test
    void otherValidPointForZBreaksTheSchnorrProof() {
        UnaryOperator<byte[]> replaceZ = bytes -> {
            SetupRound1.Message m = SetupRound1.Message.decode(bytes);
            var bob = m.bobPart();
            return new SetupRound1.Message(new io.sigil.crypto.ot.BaseOtSenderMessage(
                    bob.z().add(io.sigil.crypto.ec.Point.generator()), bob.k(), bob.sigma()),
                    m.alicePart(), m.zeroSeedCommitment()).encode();
        };
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, () -> network.setupPair(1, 2, replaceZ,
                UnaryOperator.identity()));
        assertInstanceOf(AbortReason.SetupProofInvalid.class, abort.reason());
        assertEquals(Set.of(B), abort.culprits());
    }

    @Test
    void truncatedS1IsAnInvalidMessage() {
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, () -> network.setupPair(1, 2,
                MessageInterceptor.truncate(), UnaryOperator.identity()));
        assertInstanceOf(AbortReason.InvalidMessage.class, abort.reason());
        assertEquals(Set.of(B), abort.culprits());
    }

    @Test
    void pairStateRoundTripsAndBannedStateKeepsNoSecrets() throws Exception {
        SetupRequest request = SetupRequest.create(0, InMemoryNetwork.EPOCH, RNG);
        SetupRound1 a = SetupRound1.start("net", "alpha", "beta", request, RNG);
        SetupRound1 b = SetupRound1.start("net", "beta", "alpha", request, RNG);
        assertEquals(SetupRound1.MESSAGE_LENGTH, a.message().length);
        SetupRound2 a2 = a.finish(b.message());
        SetupRound2 b2 = b.finish(a.message());
        byte[] s2FromA = a2.message();
        byte[] s2FromB = b2.message();
        assertEquals(SetupRound2.MESSAGE_LENGTH, s2FromA.length);
        PairState stateA = a2.finish(s2FromB);
        PairState stateB = b2.finish(s2FromA);
        assertArrayEquals(stateA.zeroSeed(), stateB.zeroSeed());
        assertArrayEquals(stateA.pairSid(), stateB.pairSid());
        assertArrayEquals(stateA.dirSidAsBob(), stateB.dirSidAsAlice());
        byte[] encoded = stateA.encode();
        PairState decoded = PairState.decode(encoded);
        assertArrayEquals(encoded, decoded.encode());
        assertArrayEquals(stateA.zeroSeed(), decoded.zeroSeed());
        assertThrows(IllegalStateException.class, () -> a.finish(b.message()), "a finished round is consumed");

        decoded.markBanned();
        decoded.destroy();
        PairState banned = PairState.decode(decoded.encode());
        assertEquals(PairStatus.BANNED, banned.status());
        assertThrows(IllegalStateException.class, banned::zeroSeed);
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertThrows(InvalidEncodingException.class, () -> PairState.decode(truncated));
    }

    @Test
    void setupRequestGenerationMustFollowTheStoredOne() {
        SetupRequest request = SetupRequest.decode(SetupRequest.create(3, InMemoryNetwork.EPOCH, RNG).encode());
        assertEquals(4, request.generation());
        request.checkAcceptable(3, InMemoryNetwork.EPOCH);
        assertThrows(IllegalArgumentException.class, () -> request.checkAcceptable(4, InMemoryNetwork.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> request.checkAcceptable(3, InMemoryNetwork.EPOCH + 1));
        assertThrows(InvalidEncodingException.class, () -> SetupRequest.decode(new byte[39]));
    }
}
