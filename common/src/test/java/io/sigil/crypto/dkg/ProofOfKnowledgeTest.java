package io.sigil.crypto.dkg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The contributor's proof of knowledge (keygen §2.3, checked in §2.5 step 3): {@code z·G == R + c·A}
 * holds for an honest proof and for nothing else — another response, commitment, image, contributor
 * or session each makes it fail, so the one-pass check accepts exactly what the two-multiplication
 * form of the spec accepts.
 */
class ProofOfKnowledgeTest {
    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void anHonestProofVerifiesAndEveryAlterationFails() {
        byte[] session = new byte[32];
        RNG.nextBytes(session);
        for (int round = 0; round < 20; round++) {
            Scalar secret = Scalar.random(RNG);
            Point image = Point.baseMultiply(secret);
            ProofOfKnowledge proof = ProofOfKnowledge.prove(session, 2, secret, image, RNG);
            assertTrue(proof.verifies(session, 2, image));
            // the spec's own form of the check, side by side with the one-pass computation
            assertTrue(Point.baseMultiply(proof.response()).equals(proof.commitment().add(image.multiply(
                    challenge(session, 2, image, proof.commitment())))));

            assertFalse(new ProofOfKnowledge(proof.commitment(), proof.response().add(Scalar.fromLong(1)))
                    .verifies(session, 2, image), "another z");
            assertFalse(new ProofOfKnowledge(proof.commitment().add(Point.generator()), proof.response())
                    .verifies(session, 2, image), "another R");
            assertFalse(proof.verifies(session, 2, image.add(Point.generator())), "another A_{d,0}");
            assertFalse(proof.verifies(session, 3, image), "another contributor");
            byte[] otherSession = session.clone();
            otherSession[0] ^= 1;
            assertFalse(proof.verifies(otherSession, 2, image), "another session");
        }
    }

    @Test
    void aProofForAnotherSecretDoesNotVerify() {
        byte[] session = new byte[32];
        Scalar secret = Scalar.random(RNG);
        Point image = Point.baseMultiply(secret);
        ProofOfKnowledge forged = ProofOfKnowledge.prove(session, 1, Scalar.random(RNG), image, RNG);
        assertFalse(forged.verifies(session, 1, image));
    }

    private static Scalar challenge(byte[] session, int contributor, Point image, Point r) {
        return io.sigil.crypto.hash.LifecycleHash.h2s("dkg-pok", session, io.sigil.crypto.hash.Encoding.u32(contributor),
                image.encode(), r.encode());
    }
}
