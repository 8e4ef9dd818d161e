package io.sigil.wire.keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Reading an ack with the key already decoded (docs/keygen.md §6.1): the decoded point is reused
 * only for the identical string; any other string is decoded and checked as without it.
 */
class DkgAckTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final String HASH = "00".repeat(32);
    private static final String SIGNATURE = "11".repeat(64);

    @Test
    void theKnownKeyIsReusedOnlyForTheSameString() {
        Point key = Point.baseMultiply(Scalar.random(RNG));
        String hex = WireFields.pointHex(key);
        DkgAck same = new DkgAck("node-1a", 1, HASH, hex, SIGNATURE);
        assertSame(key, same.toAcknowledgement(hex, key).publicKey());
        assertTrue(same.toAcknowledgement().sameAs(same.toAcknowledgement(hex, key)));

        Point other = Point.baseMultiply(Scalar.random(RNG));
        DkgAck another = new DkgAck("node-1a", 1, HASH, WireFields.pointHex(other), SIGNATURE);
        assertEquals(other, another.toAcknowledgement(hex, key).publicKey());
    }

    @Test
    void anotherStringIsStillCheckedAsAPoint() {
        Point key = Point.baseMultiply(Scalar.random(RNG));
        String hex = WireFields.pointHex(key);
        String notOnTheCurve = "02" + "ff".repeat(32);
        DkgAck bad = new DkgAck("node-1a", 1, HASH, notOnTheCurve, SIGNATURE);
        assertThrows(WireFormatException.class, () -> bad.toAcknowledgement(hex, key));
        DkgAck truncated = new DkgAck("node-1a", 1, HASH, hex.substring(0, hex.length() - 2), SIGNATURE);
        assertThrows(WireFormatException.class, () -> truncated.toAcknowledgement(hex, key));
    }
}
