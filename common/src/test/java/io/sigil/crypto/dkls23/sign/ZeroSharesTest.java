package io.sigil.crypto.dkls23.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.Lagrange;
import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Spec §10 item 8: zero shares sum to 0 for every party set; Lagrange recombines the key. */
class ZeroSharesTest {

    @SeededTest(cases = 50)
    void zeroSharesSumToZero(Random random) {
        int size = RandomValues.between(random, 2, 12);
        List<PartyId> party = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int k = 1; k <= 255 && party.size() < size; k++) {
            if (random.nextInt(4) == 0 || 255 - k < size - party.size()) {
                party.add(new PartyId(k, "node-" + k));
                indices.add(k);
            }
        }
        Map<String, byte[]> pairSeeds = new HashMap<>();
        byte[] signSid = new byte[32];
        random.nextBytes(signSid);
        Scalar sum = Scalar.ZERO;
        Scalar first = null;
        for (PartyId self : party) {
            Map<PartyId, byte[]> seeds = new TreeMap<>();
            for (PartyId other : party) {
                if (!other.equals(self)) {
                    String key = Math.min(self.index(), other.index()) + "/" + Math.max(self.index(), other.index());
                    seeds.put(other, pairSeeds.computeIfAbsent(key, k -> {
                        byte[] pairSeed = new byte[32];
                        random.nextBytes(pairSeed);
                        return pairSeed;
                    }).clone());
                }
            }
            Scalar share = ZeroShares.share(signSid, self, seeds);
            first = first == null ? share : first;
            sum = sum.add(share);
        }
        assertEquals(Scalar.ZERO, sum);
        assertNotEquals(Scalar.ZERO, first);
        // Lagrange at zero over the same set: Σ λ_i·f(i) = f(0) for f(X) = 5 + 7X (t = 2).
        Scalar recombined = Scalar.ZERO;
        for (int i : indices) {
            Scalar fi = Scalar.fromLong(5 + 7L * i);
            recombined = recombined.add(Lagrange.coefficientAtZero(i, indices).multiply(fi));
        }
        assertEquals(Scalar.fromLong(5), recombined);
    }
}
