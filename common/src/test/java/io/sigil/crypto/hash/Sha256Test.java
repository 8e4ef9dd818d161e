package io.sigil.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK's SHA-256 behind {@link Sha256} is the function Bouncy Castle computes, copies included. */
class Sha256Test {

    @Test
    void knownAnswer() {
        // FIPS 180-2 appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(Sha256.hash("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 50_000})
    void matchesBouncyCastleAndCopiesKeepTheirOwnState(int length) {
        Random random = new Random(length);
        byte[] prefix = new byte[length];
        byte[] suffix = new byte[length / 3 + 1];
        random.nextBytes(prefix);
        random.nextBytes(suffix);

        MessageDigest state = Sha256.newDigest();
        state.update(prefix);
        MessageDigest copy = Sha256.copy(state);
        copy.update(suffix);
        byte[] out = new byte[Sha256.LENGTH + 3];
        Sha256.finish(copy, out, 3);

        assertArrayEquals(bouncyCastle(prefix, suffix), java.util.Arrays.copyOfRange(out, 3, out.length));
        assertArrayEquals(bouncyCastle(prefix), state.digest(), "the copy must not change the original state");
    }

    private static byte[] bouncyCastle(byte[]... parts) {
        SHA256Digest digest = new SHA256Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
