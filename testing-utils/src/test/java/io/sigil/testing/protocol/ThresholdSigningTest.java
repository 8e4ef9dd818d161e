package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec §10 item 9: every t-subset signs, signatures verify everywhere. */
class ThresholdSigningTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    static EcdsaSignature sign(InMemoryNetwork network, DealtKey key, List<Integer> committees, byte[] digest)
            throws Exception {
        SessionOutcome outcome = network.signing(network.context(key, committees, digest,
                "request-" + REQUESTS.incrementAndGet()), key).run();
        assertTrue(outcome.allSigned(committees.size()), () -> "aborts: " + outcome.aborts());
        return outcome.commonSignature();
    }

    @ParameterizedTest(name = "{0}-of-{1} with committees {2}")
    @CsvSource({"2, 2, 1;2", "2, 3, 1;3", "2, 3, 3;2", "3, 5, 1;3;5", "3, 5, 2;4;5", "5, 9, 2;4;5;7;9"})
    void fixedConfigurationsSign(int t, int n, String committeesText) throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        List<Integer> committees = java.util.Arrays.stream(committeesText.split(";")).map(Integer::parseInt).toList();
        DealtKey key = FeldmanDealer.generate(t, n, RNG);
        byte[] digest = SharedNetworks.randomDigest();
        EcdsaSignature signature = sign(network, key, committees, digest);
        Verifiers.assertValid(signature, key.publicKey(), digest);
    }

    @Test
    void randomSubsetsSign() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        Random choice = new Random(RNG.nextLong());
        for (int run = 0; run < 12; run++) {
            int n = 2 + choice.nextInt(5);           // 2..6 (nodes 1..6 are fully paired)
            int t = 2 + choice.nextInt(n - 1);       // 2..n
            List<Integer> all = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                all.add(k);
            }
            Collections.shuffle(all, choice);
            List<Integer> committees = all.subList(0, t);
            DealtKey key = FeldmanDealer.generate(t, n, RNG);
            byte[] digest = SharedNetworks.randomDigest();
            EcdsaSignature signature = sign(network, key, committees, digest);
            Verifiers.assertValid(signature, key.publicKey(), digest);
        }
    }

    @Test
    void opensslAcceptsThresholdSignatures() throws Exception {
        assumeTrue(Verifiers.opensslAvailable(), "openssl binary not installed");
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(3, 5, RNG);
        for (int run = 0; run < 3; run++) {
            byte[] digest = SharedNetworks.randomDigest();
            EcdsaSignature signature = sign(network, key, List.of(1, 2, 4), digest);
            assertTrue(Verifiers.openssl(key.publicKey(), digest, signature));
            byte[] other = digest.clone();
            other[31] ^= 1;
            assertFalse(Verifiers.openssl(key.publicKey(), other, signature));
        }
    }

    @Test
    void importedPrivateKeyRecoversToItsOwnAddress() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        // A key imported by the user: the single-key address is what the wallet already shows.
        Scalar imported = Scalar.fromBytes(MessageDigests.keccak256("sigil imported key test".getBytes(StandardCharsets.UTF_8)));
        Point singleKeyPublic = Point.baseMultiply(imported);
        String expectedAddress = EthereumAddress.fromPublicKey(singleKeyPublic);
        DealtKey key = FeldmanDealer.split(imported, 2, 3, RNG);
        assertEquals(singleKeyPublic, key.publicKey());
        byte[] digest = MessageDigests.eip191PersonalSign("hello from sigil".getBytes(StandardCharsets.UTF_8));
        EcdsaSignature signature = sign(network, key, List.of(2, 3), digest);
        Point recovered = signature.recoverPublicKey(digest);
        assertEquals(expectedAddress, EthereumAddress.fromPublicKey(recovered));
        Verifiers.assertValid(signature, singleKeyPublic, digest);
    }

    @Test
    void twoSessionsOnOneMessageUseDifferentNonces() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        byte[] digest = SharedNetworks.randomDigest();
        EcdsaSignature first = sign(network, key, List.of(1, 2), digest);
        EcdsaSignature second = sign(network, key, List.of(1, 2), digest);
        assertNotEquals(first.r(), second.r());
    }
}
