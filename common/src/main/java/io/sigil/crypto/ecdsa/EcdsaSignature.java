package io.sigil.crypto.ecdsa;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;

/**
 * A secp256k1 ECDSA signature {@code (r, s)} with its public-key recovery id (0..3: bit 0 is the
 * parity of R.y, bit 1 says R.x ≥ q). Public data; {@link #toString()} shows the values.
 *
 * <p>The signed message is always a 32-byte digest {@code e} with {@code z = int(e) mod q}
 * (spec §9.7). Bouncy Castle's {@link ECDSASigner} takes all 256 bits of a 32-byte digest
 * (no truncation, since q has 256 bits) and reduces modulo q in its arithmetic, which is the
 * same value; a test checks this with a digest above q.
 */
public record EcdsaSignature(Scalar r, Scalar s, int recoveryId) {

    public static final int COMPACT_LENGTH = 64;
    public static final int RECOVERABLE_LENGTH = 65;
    private static final int ETHEREUM_V_OFFSET = 27;

    public EcdsaSignature {
        if (r == null || s == null) {
            throw new IllegalArgumentException("ecdsa: r and s are required");
        }
        if (r.isZero() || s.isZero()) {
            throw new IllegalArgumentException("ecdsa: r and s must be non-zero");
        }
        if (recoveryId < 0 || recoveryId > 3) {
            throw new IllegalArgumentException("ecdsa: recovery id " + recoveryId + " outside 0..3");
        }
    }

    /**
     * Recovery id of a signature whose nonce point is {@code bigR}: parity of R.y, plus 2 when
     * R.x ≥ q (then r = R.x − q).
     */
    public static int recoveryIdFor(Point bigR) {
        int parity = bigR.isYOdd() ? 1 : 0;
        return bigR.affineX().compareTo(Secp256k1.ORDER) >= 0 ? parity | 2 : parity;
    }

    /** True when s ≤ (q−1)/2, as Ethereum and Bitcoin require. */
    public boolean isLowS() {
        return !s.isHigh();
    }

    /** The equivalent signature with s ≤ (q−1)/2; negating s flips the parity bit of the id. */
    public EcdsaSignature normalizeLowS() {
        return s.isHigh() ? new EcdsaSignature(r, s.negate(), recoveryId ^ 1) : this;
    }

    /** {@code r || s || v} with {@code v = 27 + recoveryId} (Ethereum's 65-byte form). */
    public byte[] toBytes65() {
        byte[] out = Arrays.copyOf(toCompact64(), RECOVERABLE_LENGTH);
        out[64] = (byte) (ETHEREUM_V_OFFSET + recoveryId);
        return out;
    }

    /** {@code r || s}, 64 bytes. */
    public byte[] toCompact64() {
        byte[] out = new byte[COMPACT_LENGTH];
        System.arraycopy(r.toBytes(), 0, out, 0, 32);
        System.arraycopy(s.toBytes(), 0, out, 32, 32);
        return out;
    }

    /**
     * Parses {@code r || s || v}: r and s in [1, q−1] (never reduced), v in 27..30 or 0..3.
     */
    public static EcdsaSignature parse65(byte[] bytes) {
        if (bytes == null || bytes.length != RECOVERABLE_LENGTH) {
            throw new InvalidEncodingException("ecdsa signature: expected 65 bytes");
        }
        int v = bytes[64] & 0xFF;
        int recoveryId = v >= ETHEREUM_V_OFFSET ? v - ETHEREUM_V_OFFSET : v;
        if (recoveryId < 0 || recoveryId > 3) {
            throw new InvalidEncodingException("ecdsa signature: v must be 27..30 or 0..3");
        }
        return parse64(Arrays.copyOf(bytes, COMPACT_LENGTH), recoveryId);
    }

    /** Parses {@code r || s} with a separately known recovery id. */
    public static EcdsaSignature parse64(byte[] bytes, int recoveryId) {
        if (bytes == null || bytes.length != COMPACT_LENGTH) {
            throw new InvalidEncodingException("ecdsa signature: expected 64 bytes");
        }
        Scalar r = decodePart(Arrays.copyOfRange(bytes, 0, 32), "r");
        Scalar s = decodePart(Arrays.copyOfRange(bytes, 32, 64), "s");
        if (recoveryId < 0 || recoveryId > 3) {
            throw new InvalidEncodingException("ecdsa signature: recovery id outside 0..3");
        }
        return new EcdsaSignature(r, s, recoveryId);
    }

    private static Scalar decodePart(byte[] part, String name) {
        try {
            return Scalar.fromBytesNonZero(part);
        } catch (InvalidEncodingException e) {
            throw new InvalidEncodingException("ecdsa signature: " + name + " must be in [1, q-1]");
        }
    }

    /** Standard ECDSA verification with Bouncy Castle; does not require low s. */
    public boolean verify(Point publicKey, byte[] digest32) {
        requireDigest(digest32);
        if (publicKey.isInfinity()) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey.toEcPoint(), Secp256k1.domain()));
        return verifier.verifySignature(digest32, r.toBigInteger(), s.toBigInteger());
    }

    /**
     * Public-key recovery (SEC1 v2 §4.1.6) with the stored recovery id:
     * {@code Q = r^{-1}·(s·R − z·G)}, R the point with x = r + (id>>1)·q and y parity id&1.
     *
     * @throws IllegalArgumentException when no valid key exists for this id
     */
    public Point recoverPublicKey(byte[] digest32) {
        requireDigest(digest32);
        BigInteger x = r.toBigInteger();
        if ((recoveryId & 2) != 0) {
            x = x.add(Secp256k1.ORDER);
        }
        if (x.compareTo(Secp256k1.FIELD_PRIME) >= 0) {
            throw new IllegalArgumentException("ecdsa recovery: R.x would not be below the field prime");
        }
        byte[] encodedR = new byte[Point.ENCODED_LENGTH];
        encodedR[0] = (byte) (0x02 | (recoveryId & 1));
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, encodedR, 1, 32);
        Point bigR;
        try {
            bigR = Point.decode(encodedR);
        } catch (InvalidEncodingException e) {
            throw new IllegalArgumentException("ecdsa recovery: no curve point with x = r for this id");
        }
        Scalar z = Scalar.reduce(digest32);
        Scalar rInverse = r.invert();
        Point publicKey = bigR.multiply(s.multiply(rInverse)).subtract(Point.baseMultiply(z.multiply(rInverse)));
        if (publicKey.isInfinity()) {
            throw new IllegalArgumentException("ecdsa recovery: recovered the point at infinity");
        }
        return publicKey;
    }

    private static void requireDigest(byte[] digest32) {
        if (digest32 == null || digest32.length != 32) {
            throw new IllegalArgumentException("ecdsa: the message digest must be exactly 32 bytes");
        }
    }

    @Override
    public String toString() {
        return "EcdsaSignature[r=" + r.toHex() + ", s=" + s.toHex() + ", recoveryId=" + recoveryId + "]";
    }
}
