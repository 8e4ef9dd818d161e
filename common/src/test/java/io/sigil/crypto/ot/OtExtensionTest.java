package io.sigil.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Secp256k1;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Spec §10 item 6: transfer correctness and the KOS consistency check. */
class OtExtensionTest {

    private static final BigInteger ORDER = Secp256k1.ORDER;

    private final OtTestFixture fixture = OtTestFixture.get();

    @Test
    void outputsAddUpToChoiceTimesCorrelation() throws Exception {
        byte[] sid = OtTestFixture.randomBytes(32);
        byte[] omega = OtTestFixture.randomBytes(OtParameters.ELL_BYTES);
        OtExtensionReceiver bob = OtExtensionReceiver.extend(sid, fixture.bobSeeds, omega, OtTestFixture.RANDOM);
        assertEquals(32, bob.nu().length);
        assertEquals(19968, bob.u().length);
        assertEquals(26, bob.xTilde().length);
        assertEquals(6656, bob.tTilde().length);
        OtExtensionSender alice = OtExtensionSender.check(sid, fixture.aliceSeeds, bob.nu(), bob.u(), bob.xTilde(),
                bob.tTilde());
        BigInteger[] alpha = new BigInteger[OtParameters.CORRELATIONS];
        for (int w = 0; w < alpha.length; w++) {
            alpha[w] = new BigInteger(256, OtTestFixture.RANDOM).mod(ORDER);
        }
        OtExtensionSender.Transfer transfer = alice.transfer(alpha);
        BigInteger[][] zB = bob.receive(transfer.tau());
        int ones = 0;
        for (int j = 0; j < OtParameters.ELL; j++) {
            int bit = (omega[j >>> 3] >>> (j & 7)) & 1;
            ones += bit;
            for (int w = 0; w < alpha.length; w++) {
                BigInteger sum = transfer.senderOutput()[w][j].add(zB[w][j]).mod(ORDER);
                assertEquals(bit == 1 ? alpha[w] : BigInteger.ZERO, sum, "w=" + w + " j=" + j);
            }
        }
        assertTrue(ones > 0 && ones < OtParameters.ELL);
        assertThrows(IllegalStateException.class, () -> bob.receive(transfer.tau()));
        assertThrows(IllegalStateException.class, () -> alice.transfer(alpha));
    }

    @Test
    void differentChoiceInOneRowPassesExactlyWhenThatDeltaBitIsZero() {
        byte[] sid = OtTestFixture.randomBytes(32);
        byte[] omega = OtTestFixture.randomBytes(OtParameters.ELL_BYTES);
        byte[] x = new byte[OtParameters.COLUMN_BYTES];
        System.arraycopy(omega, 0, x, 0, omega.length);
        System.arraycopy(OtTestFixture.randomBytes(26), 0, x, 52, 26);
        int passed = 0;
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            byte[] cheat = x.clone();
            int flipped = (k * 7) % OtParameters.ELL_PRIME;
            cheat[flipped >>> 3] ^= (byte) (1 << (flipped & 7));
            int row = k;
            OtExtensionReceiver bob = OtExtensionReceiver.extendWithRows(sid, fixture.bobSeeds, omega,
                    OtTestFixture.randomBytes(32), x, r -> r == row ? cheat : x);
            boolean passes;
            try {
                OtExtensionSender.check(sid, fixture.aliceSeeds, bob.nu(), bob.u(), bob.xTilde(), bob.tTilde())
                        .destroy();
                passes = true;
            } catch (ExtensionConsistencyException failure) {
                passes = false;
            }
            // This is the leak that makes the ban (and §4.6.3 serialisation) necessary.
            assertEquals(fixture.deltaBit(k) == 0, passes, "row " + k);
            passed += passes ? 1 : 0;
        }
        assertTrue(passed > 0 && passed < OtParameters.KAPPA, "both outcomes exercised");
    }

    @Test
    void mutatedUWithUnchangedProofFails() {
        byte[] sid = OtTestFixture.randomBytes(32);
        OtExtensionReceiver bob = OtExtensionReceiver.extend(sid, fixture.bobSeeds,
                OtTestFixture.randomBytes(OtParameters.ELL_BYTES), OtTestFixture.RANDOM);
        for (int position : new int[] {0, 5000, 19967}) {
            byte[] u = bob.u();
            u[position] ^= 0x10;
            assertThrows(ExtensionConsistencyException.class,
                    () -> OtExtensionSender.check(sid, fixture.aliceSeeds, bob.nu(), u, bob.xTilde(), bob.tTilde()));
        }
    }

    @Test
    void mutatedProofOrContextFails() {
        byte[] sid = OtTestFixture.randomBytes(32);
        OtExtensionReceiver bob = OtExtensionReceiver.extend(sid, fixture.bobSeeds,
                OtTestFixture.randomBytes(OtParameters.ELL_BYTES), OtTestFixture.RANDOM);
        byte[] xTilde = bob.xTilde();
        xTilde[25] ^= 1;
        assertThrows(ExtensionConsistencyException.class,
                () -> OtExtensionSender.check(sid, fixture.aliceSeeds, bob.nu(), bob.u(), xTilde, bob.tTilde()));
        byte[] tTilde = bob.tTilde();
        tTilde[26 * 100] ^= 1;
        assertThrows(ExtensionConsistencyException.class,
                () -> OtExtensionSender.check(sid, fixture.aliceSeeds, bob.nu(), bob.u(), bob.xTilde(), tTilde));
        byte[] nu = bob.nu();
        nu[0] ^= 1;
        assertThrows(ExtensionConsistencyException.class,
                () -> OtExtensionSender.check(sid, fixture.aliceSeeds, nu, bob.u(), bob.xTilde(), bob.tTilde()));
        byte[] otherSid = sid.clone();
        otherSid[0] ^= 1;
        assertThrows(ExtensionConsistencyException.class,
                () -> OtExtensionSender.check(otherSid, fixture.aliceSeeds, bob.nu(), bob.u(), bob.xTilde(),
                        bob.tTilde()));
    }

    @Test
    void freshNonceGivesFreshExtension() {
        byte[] sid = OtTestFixture.randomBytes(32);
        byte[] omega = OtTestFixture.randomBytes(OtParameters.ELL_BYTES);
        OtExtensionReceiver first = OtExtensionReceiver.extend(sid, fixture.bobSeeds, omega, OtTestFixture.RANDOM);
        OtExtensionReceiver second = OtExtensionReceiver.extend(sid, fixture.bobSeeds, omega, OtTestFixture.RANDOM);
        assertTrue(!java.util.Arrays.equals(first.u(), second.u()));
        assertArrayEquals(omega, first.choiceBits());
    }
}
