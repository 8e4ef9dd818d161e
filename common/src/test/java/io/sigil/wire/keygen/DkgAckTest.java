package io.sigil.wire.keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Reading acks decodes each key once (docs/keygen.md §6.1, {@code wire.sign.DecodedPublicKeys}):
 * acks naming the same string share one point, another string gets its own, and a malformed key is
 * refused every time, also after a valid one was read.
 */
class DkgAckTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final String HASH = "00".repeat(32);
    private static final String SIGNATURE = "11".repeat(64);

    @Test
    void acksNamingTheSameKeyShareOneDecodedPoint() {
        Point key = Point.baseMultiply(Scalar.random(RNG));
        String hex = WireFields.pointHex(key);
        Point first = new DkgAck("node-1a", 1, HASH, hex, SIGNATURE).toAcknowledgement().publicKey();
        Point second = new DkgAck("node-2a", 2, HASH, hex, SIGNATURE).toAcknowledgement().publicKey();
        assertEquals(key, first);
        assertSame(first, second);

        Point other = Point.baseMultiply(Scalar.random(RNG));
        Point third = new DkgAck("node-1a", 1, HASH, WireFields.pointHex(other), SIGNATURE).toAcknowledgement()
                .publicKey();
        assertEquals(other, third);
        assertNotSame(first, third);
    }

    @Test
    void aMalformedKeyIsRefusedEvenAfterAValidOneWasRead() {
        Point key = Point.baseMultiply(Scalar.random(RNG));
        String hex = WireFields.pointHex(key);
        new DkgAck("node-1a", 1, HASH, hex, SIGNATURE).toAcknowledgement();
        String notOnTheCurve = "02" + "ff".repeat(32);
        DkgAck bad = new DkgAck("node-1a", 1, HASH, notOnTheCurve, SIGNATURE);
        assertThrows(WireFormatException.class, bad::toAcknowledgement);
        assertThrows(WireFormatException.class, bad::toAcknowledgement);
        DkgAck truncated = new DkgAck("node-1a", 1, HASH, hex.substring(0, hex.length() - 2), SIGNATURE);
        assertThrows(WireFormatException.class, truncated::toAcknowledgement);
    }
}
