package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeSigningTest {

    @Test
    void twoOfThreeSigns() throws Exception {
        SecureRandom rng = new SecureRandom();
        long t0 = System.nanoTime();
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(3, rng);
        long t1 = System.nanoTime();
        DealtKey key = FeldmanDealer.generate(2, 3, rng);
        byte[] digest = new byte[32];
        rng.nextBytes(digest);
        SessionOutcome outcome = network.signing(network.context(key, List.of(1, 3), digest, "r1"), key).run();
        long t2 = System.nanoTime();
        System.out.println("setup " + (t1 - t0) / 1e6 + " ms, sign " + (t2 - t1) / 1e6 + " ms " + outcome.aborts());
        EcdsaSignature signature = outcome.commonSignature();
        assertTrue(signature.verify(key.publicKey(), digest));
    }
}
