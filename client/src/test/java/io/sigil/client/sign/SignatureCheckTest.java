package io.sigil.client.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's check decides with one recovery what Bouncy Castle's verifier and the two-step
 * recovery of {@link EcdsaSignature} decide together (docs/security.md, "The client's signature
 * check"): on valid signatures and on every single corruption of r, s, v, digest or key.
 */
class SignatureCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theOneRecoveryAgreesWithVerifyAndRecoveryOnValidAndCorruptedSignatures() {
        int valid = 0;
        for (int round = 0; round < 40; round++) {
            Scalar privateKey = Scalar.random(RANDOM);
            Point publicKey = Point.baseMultiply(privateKey);
            byte[] digest = new byte[32];
            RANDOM.nextBytes(digest);
            EcdsaSignature good = TestSigner.sign(privateKey, digest);
            byte[] otherDigest = digest.clone();
            otherDigest[RANDOM.nextInt(32)] ^= (byte) (1 << RANDOM.nextInt(8));
            List<Object[]> cases = new ArrayList<>();
            cases.add(new Object[] {good, publicKey, digest});
            cases.add(new Object[] {new EcdsaSignature(good.r().add(Scalar.ONE), good.s(), good.recoveryId()), publicKey, digest});
            cases.add(new Object[] {new EcdsaSignature(good.r(), good.s().add(Scalar.ONE), good.recoveryId()), publicKey, digest});
            cases.add(new Object[] {new EcdsaSignature(good.r(), good.s(), good.recoveryId() ^ 1), publicKey, digest});
            cases.add(new Object[] {new EcdsaSignature(good.r(), good.s(), good.recoveryId() ^ 2), publicKey, digest});
            cases.add(new Object[] {new EcdsaSignature(good.r(), good.s().negate(), good.recoveryId() ^ 1), publicKey, digest});
            cases.add(new Object[] {good, publicKey, otherDigest});
            cases.add(new Object[] {good, Point.baseMultiply(Scalar.random(RANDOM)), digest});
            for (Object[] test : cases) {
                EcdsaSignature signature = (EcdsaSignature) test[0];
                Point key = (Point) test[1];
                byte[] message = (byte[]) test[2];
                boolean expected = signature.verify(key, message) && key.equals(twoStepRecovery(signature, message));
                SignatureCheck.Verdict verdict = SignatureCheck.againstPublicKey(signature, key, message);
                assertThat(verdict.valid()).as("round %d, %s", round, signature).isEqualTo(expected);
                assertThat(SignatureCheck.recover(signature, message)).isEqualTo(twoStepRecovery(signature, message));
                valid += expected ? 1 : 0;
            }
        }
        // the good signature and its high-s twin (negated s with the flipped parity) in every round
        assertThat(valid).isEqualTo(80);
    }

    private static Point twoStepRecovery(EcdsaSignature signature, byte[] digest) {
        try {
            return signature.recoverPublicKey(digest);
        } catch (IllegalArgumentException noKey) {
            return null;
        }
    }
}
