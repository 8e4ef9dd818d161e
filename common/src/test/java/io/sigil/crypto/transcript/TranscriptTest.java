package io.sigil.crypto.transcript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void digestFollowsTheDocumentedFraming() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] field : new byte[][] {bytes("sigil/transcript/v1"), bytes("proto"), bytes("a"),
                new byte[] {1, 2}, bytes("digest")}) {
            sha.update(ByteBuffer.allocate(8).putLong(field.length).array());
            sha.update(field);
        }
        assertArrayEquals(sha.digest(), Transcript.start("proto").append("a", new byte[] {1, 2}).digest());
    }

    @Test
    void boundariesLabelsAndOrderMatter() {
        byte[] base = Transcript.start("p").append("x", bytes("ab")).append("y", bytes("c")).digest();
        assertFalse(Arrays.equals(base, Transcript.start("p").append("x", bytes("a")).append("y", bytes("bc")).digest()));
        assertFalse(Arrays.equals(base, Transcript.start("q").append("x", bytes("ab")).append("y", bytes("c")).digest()));
        assertFalse(Arrays.equals(base, Transcript.start("p").append("y", bytes("c")).append("x", bytes("ab")).digest()));
        assertFalse(Arrays.equals(base, Transcript.start("p").append("z", bytes("ab")).append("y", bytes("c")).digest()));
        assertArrayEquals(base, Transcript.start("p").append("x", bytes("ab")).append("y", bytes("c")).digest());
    }

    @Test
    void digestDoesNotConsumeAndChallengeIsSeparated() {
        Transcript t = Transcript.start("p").appendScalar("s", Scalar.fromLong(3))
                .appendPoint("P", Point.generator()).appendU32("n", 5);
        byte[] first = t.digest();
        assertArrayEquals(first, t.digest());
        Scalar challenge = t.challengeScalar();
        assertEquals(challenge, t.challengeScalar());
        assertNotEquals(Scalar.reduce(first), challenge);
        t.append("more", new byte[0]);
        assertFalse(Arrays.equals(first, t.digest()));
        assertThrows(IllegalArgumentException.class, () -> Transcript.start(""));
    }
}
