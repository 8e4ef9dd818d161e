package io.sigil.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The fast paths (hashing with cached prefix, bit transposition) against their definitions. */
class OtBuildingBlocksTest {

    @Test
    void prefixedHasherMatchesH() {
        byte[] sid = OtTestFixture.randomBytes(32);
        byte[] row = OtTestFixture.randomBytes(32);
        PrefixedHasher hasher = new PrefixedHasher("ote/rand", sid);
        for (int j : new int[] {0, 1, 415, 0x01020304}) {
            for (int w = 0; w < 4; w++) {
                byte[] out = new byte[32];
                hasher.start().u32Field(j).u32Field(w).field(row, 0, 32).finish(out, 0);
                assertArrayEquals(Dkls23Hash.h("ote/rand", sid, Encoding.u32(j), Encoding.u32(w), row), out);
                BigInteger scalar = hasher.start().u32Field(j).u32Field(w).field(row, 0, 32).finishScalar();
                assertEquals(Dkls23Hash.h2s("ote/rand", sid, Encoding.u32(j), Encoding.u32(w), row).toBigInteger(),
                        scalar);
            }
        }
    }

    /**
     * Inputs past the hasher's field buffer: a field longer than the buffer (passed on directly),
     * and enough small fields to pass the buffer on mid-call; then a call after {@code wipe}, and
     * a prefix longer than a block. Each must still equal {@code H}.
     */
    @Test
    void prefixedHasherMatchesHWhenFieldsOverflowItsBufferAndAfterAWipe() {
        byte[] sid = OtTestFixture.randomBytes(32);
        byte[] longField = OtTestFixture.randomBytes(300);
        PrefixedHasher hasher = new PrefixedHasher("ote/rand", sid);
        byte[] out = new byte[32];
        hasher.start().u32Field(7).field(longField, 0, 300).u32Field(9).finish(out, 0);
        assertArrayEquals(Dkls23Hash.h("ote/rand", sid, Encoding.u32(7), longField, Encoding.u32(9)), out);
        PrefixedHasher many = hasher.start();
        byte[][] fields = new byte[20][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = Encoding.u32(i);
            many.u32Field(i);
        }
        many.finish(out, 0);
        byte[][] all = new byte[21][];
        all[0] = sid;
        System.arraycopy(fields, 0, all, 1, 20);
        assertArrayEquals(Dkls23Hash.h("ote/rand", all), out);
        hasher.wipe();
        hasher.start().u32Field(1).field(longField, 5, 32).finish(out, 0);
        assertArrayEquals(Dkls23Hash.h("ote/rand", sid, Encoding.u32(1), Arrays.copyOfRange(longField, 5, 37)), out);
        byte[] longPrefix = OtTestFixture.randomBytes(200);
        new PrefixedHasher("ote/rand", longPrefix).start().u32Field(3).finish(out, 0);
        assertArrayEquals(Dkls23Hash.h("ote/rand", longPrefix, Encoding.u32(3)), out);
    }

    @Test
    void prgStreamMatchesPrgAndTheSpecVector() {
        byte[] sid = new byte[32];
        byte[] nu = new byte[32];
        Arrays.fill(nu, (byte) 1);
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 2);
        byte[] out = new byte[78];
        new PrgStream(sid, nu).expand(0, seed, 0, out, 0);
        assertEquals("8776dea55ca310e31eb6e4cf68e0db0a", HexFormat.of().formatHex(out, 0, 16));
        byte[] randomSid = OtTestFixture.randomBytes(32);
        byte[] randomNu = OtTestFixture.randomBytes(32);
        byte[] seeds = OtTestFixture.randomBytes(64);
        byte[] wide = new byte[100];
        new PrgStream(randomSid, randomNu).expand(77, seeds, 32, wide, 11);
        assertArrayEquals(Dkls23Hash.prg(randomSid, randomNu, 77, Arrays.copyOfRange(seeds, 32, 64)),
                Arrays.copyOfRange(wide, 11, 89));
        byte[] first = new byte[78];
        byte[] second = new byte[80];
        new PrgStream(randomSid, randomNu).expandTwo(9, seeds, 32, first, 0, 0, second, 2);
        assertArrayEquals(Dkls23Hash.prg(randomSid, randomNu, 9, Arrays.copyOfRange(seeds, 32, 64)), first);
        assertArrayEquals(Dkls23Hash.prg(randomSid, randomNu, 9, Arrays.copyOfRange(seeds, 0, 32)),
                Arrays.copyOfRange(second, 2, 80));
    }

    @Test
    void transposeMatchesBitByBitDefinition() {
        byte[] columns = OtTestFixture.randomBytes(OtParameters.KAPPA * OtParameters.COLUMN_BYTES);
        long[] rows = BitMatrix.transposeRows(columns);
        byte[] row = new byte[32];
        assertEquals(OtParameters.ELL_PRIME * 4, rows.length);
        for (int j = 0; j < OtParameters.ELL_PRIME; j++) {
            BitMatrix.rowBytes(rows, j, null, row);
            for (int k = 0; k < OtParameters.KAPPA; k++) {
                int expected = (columns[k * 78 + (j >>> 3)] >>> (j & 7)) & 1;
                int actual = (row[k >>> 3] >>> (k & 7)) & 1;
                assertEquals(expected, actual, "row " + j + " column " + k);
            }
        }
    }

    @Test
    void bitSlicedCombinationAgreesWithThePerColumnOne() {
        for (int trial = 0; trial < 3; trial++) {
            byte[] columns = OtTestFixture.randomBytes(OtParameters.KAPPA * OtParameters.COLUMN_BYTES);
            if (trial == 1) {
                Arrays.fill(columns, (byte) 0xFF); // every bit set: every row of η's matrix is added
            }
            KosChallenge challenge = KosChallenge.derive(OtTestFixture.randomBytes(32), OtTestFixture.randomBytes(32),
                    OtTestFixture.randomBytes(64));
            byte[] all = new byte[OtParameters.KAPPA * OtParameters.SIGMA_BYTES];
            challenge.combineAll(BitMatrix.transposeRows(columns), all);
            for (int k = 0; k < OtParameters.KAPPA; k++) {
                assertArrayEquals(challenge.combine(columns, k * OtParameters.COLUMN_BYTES).toBytes(),
                        Arrays.copyOfRange(all, k * OtParameters.SIGMA_BYTES, (k + 1) * OtParameters.SIGMA_BYTES),
                        "column " + k);
            }
        }
    }

    @Test
    void rowBytesAppliesMaskAndToWordsInverts() {
        byte[] delta = OtTestFixture.randomBytes(32);
        long[] words = BitMatrix.toWords(delta);
        byte[] back = new byte[32];
        BitMatrix.rowBytes(words, 0, null, back);
        assertArrayEquals(delta, back);
        BitMatrix.rowBytes(words, 0, words, back);
        assertArrayEquals(new byte[32], back);
    }

    @Test
    void gadgetIsH2sOfTheDirectionAndCached() {
        byte[] dirSid = OtTestFixture.randomBytes(32);
        Scalar[] gadget = Gadget.vector(dirSid);
        assertEquals(416, gadget.length);
        for (int j : new int[] {0, 1, 200, 415}) {
            assertEquals(Dkls23Hash.h2s("gadget", dirSid, Encoding.u32(j)), gadget[j]);
        }
        assertArrayEquals(gadget, Gadget.vector(dirSid));
        byte[] other = dirSid.clone();
        other[0] ^= 1;
        assertNotEquals(gadget[0], Gadget.vector(other)[0]);
        // A caller cannot corrupt the cache through the returned array.
        Gadget.values(dirSid)[0] = BigInteger.ZERO;
        assertEquals(gadget[0], Gadget.vector(dirSid)[0]);
    }

    @Test
    void seedStatesRoundTripAndWipe() {
        OtTestFixture fixture = OtTestFixture.get();
        byte[] bob = fixture.bobSeeds.encode();
        assertEquals(16384, bob.length);
        assertArrayEquals(bob, ExtensionReceiverSeeds.decode(bob).encode());
        byte[] alice = fixture.aliceSeeds.encode();
        assertEquals(8224, alice.length);
        ExtensionSenderSeeds copy = ExtensionSenderSeeds.decode(alice);
        assertArrayEquals(alice, copy.encode());
        assertEquals("ExtensionSenderSeeds[redacted]", copy.toString());
        copy.destroy();
        assertThrows(IllegalStateException.class, copy::encode);
        assertThrows(InvalidEncodingException.class, () -> ExtensionReceiverSeeds.decode(new byte[16383]));
        assertThrows(InvalidEncodingException.class, () -> ExtensionSenderSeeds.decode(new byte[8225]));
    }
}
