package io.sigil.crypto.hd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import java.util.List;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keygen §4: BIP32 public derivation against the published vectors, refusals, and the share tweak. */
class PublicDerivationTest {

    // BIP32 test vector 2: chain m and chain m/0 (public derivation from the master xpub).
    private static final String VECTOR_2_MASTER =
            "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB";
    private static final String VECTOR_2_M_0 =
            "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH";
    // BIP32 test vector 1: chain m/0H and chain m/0H/1 (public derivation of index 1 from m/0H).
    private static final String VECTOR_1_M_0H =
            "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw";
    private static final String VECTOR_1_M_0H_1 =
            "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ";

    @Test
    void vectorTwoMasterToChildZero() throws Exception {
        assertDerives(VECTOR_2_MASTER, 0, VECTOR_2_M_0);
    }

    @Test
    void vectorOneHardenedParentToChildOne() throws Exception {
        assertDerives(VECTOR_1_M_0H, 1, VECTOR_1_M_0H_1);
    }

    private static void assertDerives(String parentText, long index, String childText) throws Exception {
        ExtendedPublicKey parent = ExtendedPublicKey.parse(parentText);
        ExtendedPublicKey expected = ExtendedPublicKey.parse(childText);
        assertEquals(index, expected.childNumber());
        DerivedKey child = PublicDerivation.derive(parent.publicKey(), parent.chainCode(),
                DerivationPath.of(List.of(index)));
        assertEquals(expected.publicKey(), child.publicKey());
        assertArrayEquals(expected.chainCode(), child.chainCode());
        assertEquals(child.publicKey(), parent.publicKey().add(Point.baseMultiply(child.tweak())),
                "the tweak δ moves the parent key to the child key");
    }

    @Test
    void totalTweakIsTheSumAlongThePath() throws Exception {
        ExtendedPublicKey master = ExtendedPublicKey.parse(VECTOR_2_MASTER);
        DerivedKey first = PublicDerivation.derive(master.publicKey(), master.chainCode(), DerivationPath.parse("m/0"));
        DerivedKey second = PublicDerivation.derive(first.publicKey(), first.chainCode(), DerivationPath.parse("m/7"));
        DerivedKey whole = PublicDerivation.derive(master.publicKey(), master.chainCode(), DerivationPath.parse("m/0/7"));
        assertEquals(second.publicKey(), whole.publicKey());
        assertArrayEquals(second.chainCode(), whole.chainCode());
        assertEquals(first.tweak().add(second.tweak()), whole.tweak());
        assertEquals(master.publicKey().add(Point.baseMultiply(whole.tweak())), whole.publicKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"m/0H", "m/1/2'", "m/2147483648", "m/0/0h"})
    void hardenedIndicesAreRefused(String path) {
        DerivationRefusedException refusal = assertThrows(DerivationRefusedException.class,
                () -> DerivationPath.parse(path));
        assertEquals(DerivationRefusedException.Reason.HARDENED_INDEX, refusal.reason());
    }

    @Test
    void pathsDeeperThanEightAreRefused() throws Exception {
        assertEquals(8, DerivationPath.parse("m/1/2/3/4/5/6/7/8").depth());
        DerivationRefusedException refusal = assertThrows(DerivationRefusedException.class,
                () -> DerivationPath.parse("m/1/2/3/4/5/6/7/8/9"));
        assertEquals(DerivationRefusedException.Reason.PATH_TOO_LONG, refusal.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"m/", "m/x", "m/-1", "m//2", "m/99999999999"})
    void malformedPathsAreRefused(String path) {
        assertThrows(DerivationRefusedException.class, () -> DerivationPath.parse(path));
    }

    @Test
    void tweakAtOrAboveTheGroupOrderIsRefused() throws Exception {
        byte[] order = BigIntegers.asUnsignedByteArray(32, Secp256k1.ORDER);
        DerivationRefusedException refusal = assertThrows(DerivationRefusedException.class,
                () -> PublicDerivation.checkedTweak(order, 3));
        assertEquals(DerivationRefusedException.Reason.INVALID_CHILD, refusal.reason());
        assertEquals(3, refusal.position());
        byte[] belowOrder = BigIntegers.asUnsignedByteArray(32, Secp256k1.ORDER.subtract(java.math.BigInteger.ONE));
        assertEquals(Scalar.fromBigInteger(Secp256k1.ORDER.subtract(java.math.BigInteger.ONE)),
                PublicDerivation.checkedTweak(belowOrder, 0));
    }

    @Test
    void childAtInfinityIsRefused() throws Exception {
        Scalar tweak = Scalar.fromLong(12345);
        Point key = Point.baseMultiply(tweak).negate();
        DerivationRefusedException refusal = assertThrows(DerivationRefusedException.class,
                () -> PublicDerivation.checkedChild(key, tweak, 0));
        assertEquals(DerivationRefusedException.Reason.INVALID_CHILD, refusal.reason());
    }

    /** §4.3: tweaked shards verify against C'_0 = C_0 + δ·G, and C'_0 is the child key. */
    @SeededTest(cases = 20)
    void tweakedShardsMatchTheTweakedCommitments(Random random) throws Exception {
        int n = RandomValues.between(random, 2, 6);
        int t = RandomValues.between(random, 2, n);
        DealtKey key = FeldmanDealer.generate(t, n, RandomValues.secureRandom(random));
        byte[] chainCode = RandomValues.bytes(random, 32);
        DerivedKey child = PublicDerivation.derive(key.publicKey(), chainCode,
                DerivationPath.of(List.of((long) random.nextInt(1 << 20), (long) random.nextInt(1 << 20))));
        FeldmanCommitments tweaked = ShareTweak.tweak(key.commitments(), child.tweak());
        assertEquals(child.publicKey(), tweaked.publicKey());
        assertEquals(key.commitments().coefficients().subList(1, t), tweaked.coefficients().subList(1, t));
        for (KeyShard shard : key.shards()) {
            KeyShard moved = ShareTweak.tweak(shard, child.tweak());
            assertEquals(shard.index(), moved.index());
            assertEquals(true, tweaked.verifyShard(moved));
            assertEquals(false, key.commitments().verifyShard(moved), "the untweaked commitments refuse it");
        }
    }

    @Test
    void legacyChainCodeIsBoundToUserKeyAndPublicKey() {
        Point publicKey = Point.baseMultiply(Scalar.fromLong(7));
        byte[] code = LegacyChainCode.of("user-1", "key-1", publicKey);
        assertEquals(32, code.length);
        assertArrayEquals(code, LegacyChainCode.of("user-1", "key-1", publicKey));
        assertNotEquals(java.util.HexFormat.of().formatHex(code),
                java.util.HexFormat.of().formatHex(LegacyChainCode.of("user-1", "key-2", publicKey)));
        assertNotEquals(java.util.HexFormat.of().formatHex(code),
                java.util.HexFormat.of().formatHex(LegacyChainCode.of("user-2", "key-1", publicKey)));
        assertNotEquals(java.util.HexFormat.of().formatHex(code), java.util.HexFormat.of().formatHex(
                LegacyChainCode.of("user-1", "key-1", Point.baseMultiply(Scalar.fromLong(8)))));
    }
}
