package io.sigil.crypto.feldman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeldmanTest {

    private static final SecureRandom RNG = new SecureRandom();

    /** Every t-subset of {1..n}, as lists in ascending order. */
    private static List<List<Integer>> subsets(int n, int t) {
        List<List<Integer>> out = new ArrayList<>();
        collect(1, n, t, new ArrayList<>(), out);
        return out;
    }

    private static void collect(int from, int n, int t, List<Integer> current, List<List<Integer>> out) {
        if (current.size() == t) {
            out.add(List.copyOf(current));
            return;
        }
        for (int i = from; i <= n; i++) {
            current.add(i);
            collect(i + 1, n, t, current, out);
            current.remove(current.size() - 1);
        }
    }

    @SeededTest(cases = 25)
    void everyThresholdSubsetReconstructsTheKey(Random random) {
        int n = RandomValues.between(random, 2, 6);
        int t = RandomValues.between(random, 2, n);
        SecureRandom seeded = RandomValues.secureRandom(random);
        Scalar secret = Scalar.random(seeded);
        DealtKey key = FeldmanDealer.split(secret, t, n, seeded);
        assertEquals(Point.baseMultiply(secret), key.publicKey());
        for (KeyShard shard : key.shards()) {
            assertTrue(key.commitments().verifyShard(shard));
            assertEquals(Point.baseMultiply(shard.share()), key.commitments().evaluate(shard.index()));
        }
        for (List<Integer> party : subsets(n, t)) {
            Scalar sum = Scalar.ZERO;
            for (int i : party) {
                sum = sum.add(Lagrange.coefficientAtZero(i, party).multiply(key.shard(i).share()));
            }
            assertEquals(secret, sum, "party " + party);
        }
        if (t > 2) {
            // t−1 shares interpolate to something else (with overwhelming probability).
            List<Integer> tooFew = subsets(n, t - 1).get(0);
            Scalar sum = Scalar.ZERO;
            for (int i : tooFew) {
                sum = sum.add(Lagrange.coefficientAtZero(i, tooFew).multiply(key.shard(i).share()));
            }
            assertNotEquals(secret, sum);
        }
    }

    @Test
    void tamperedShareOrCommitmentFailsTheCheck() {
        DealtKey key = FeldmanDealer.generate(3, 5, RNG);
        FeldmanCommitments commitments = key.commitments();
        KeyShard shard = key.shard(2);
        assertTrue(commitments.verifyShard(2, shard.share()));
        assertFalse(commitments.verifyShard(2, shard.share().add(Scalar.ONE)));
        assertFalse(commitments.verifyShard(3, shard.share()));
        assertFalse(commitments.verifyShard(2, Scalar.ZERO));
        List<Point> altered = new ArrayList<>(commitments.coefficients());
        altered.set(2, altered.get(2).add(Point.generator()));
        assertFalse(new FeldmanCommitments(altered).verifyShard(2, shard.share()));
        assertThrows(IllegalArgumentException.class, () -> commitments.verifyShard(0, shard.share()));
    }

    @Test
    void refusesBadParameters() {
        Scalar secret = Scalar.random(RNG);
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> FeldmanDealer.split(secret, 1, 3, RNG));
        assertTrue(one.getMessage().contains("at least 2"));
        assertThrows(IllegalArgumentException.class, () -> FeldmanDealer.split(secret, 4, 3, RNG));
        assertThrows(IllegalArgumentException.class, () -> FeldmanDealer.generate(2, 256, RNG));
        assertThrows(IllegalArgumentException.class, () -> FeldmanDealer.split(Scalar.ZERO, 2, 3, RNG));
        assertEquals(255, FeldmanDealer.generate(2, 255, RNG).parties());
    }

    @Test
    void encodingRoundTripsAndDigestIsTheDocumentedHash() {
        DealtKey key = FeldmanDealer.generate(3, 4, RNG);
        FeldmanCommitments commitments = key.commitments();
        byte[] encoded = commitments.encode();
        assertEquals(4 + 3 * (8 + 33), encoded.length);
        assertEquals(commitments, FeldmanCommitments.decode(encoded));
        List<byte[]> points = commitments.coefficients().stream().map(Point::encode).toList();
        assertArrayEquals(Dkls23Hash.h("feldman/commitments", Encoding.list(points)), commitments.digest());

        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        assertThrows(InvalidEncodingException.class, () -> FeldmanCommitments.decode(truncated));
        byte[] badPoint = encoded.clone();
        badPoint[4 + 8] = 0x04;
        assertThrows(InvalidEncodingException.class, () -> FeldmanCommitments.decode(badPoint));
        byte[] thresholdOne = Encoding.list(List.of(points.get(0)));
        assertThrows(InvalidEncodingException.class, () -> FeldmanCommitments.decode(thresholdOne));
        assertThrows(IllegalArgumentException.class,
                () -> new FeldmanCommitments(List.of(Point.generator(), Point.infinity())));
    }

    @Test
    void shardsAreRedactedAndUnusableAfterDestroy() {
        Scalar share = Scalar.fromLong(new Random().nextInt(1_000_000) + 1_000_000);
        KeyShard shard = new KeyShard(7, share);
        assertEquals(share, shard.share());
        assertFalse(shard.toString().contains(share.toBigInteger().toString()));
        assertFalse(shard.toString().contains(share.toHex()));
        shard.destroy();
        assertTrue(shard.isDestroyed());
        assertThrows(IllegalStateException.class, shard::share);
        assertThrows(IllegalStateException.class, shard::shareBytes);
        assertEquals(7, shard.index());
        assertThrows(IllegalArgumentException.class, () -> new KeyShard(1, Scalar.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new KeyShard(256, share));

        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        key.destroy();
        assertThrows(IllegalStateException.class, () -> key.shard(1).share());
    }
}
