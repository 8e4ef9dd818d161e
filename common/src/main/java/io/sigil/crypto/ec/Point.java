package io.sigil.crypto.ec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Immutable element of the secp256k1 group (cofactor 1), possibly the point at infinity.
 *
 * <p>Wire encoding is 33-byte SEC1 compressed (spec §1.2). {@link #decode(byte[])} applies every
 * check of the spec before Bouncy Castle sees the bytes, so a value that passes lies in the prime
 * order group and is never infinity. Points are public: {@link #toString()} shows the encoding.
 */
public final class Point {

    public static final int ENCODED_LENGTH = 33;
    public static final int UNCOMPRESSED_LENGTH = 65;

    private static final ECCurve CURVE = Secp256k1.curve();
    private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();
    private static final Point GENERATOR = new Point(Secp256k1.domain().getG());
    private static final Point INFINITY = new Point(CURVE.getInfinity());

    /**
     * Possibly in projective coordinates: normalising costs a field inversion, so sums and
     * products stay projective until an encoding, a coordinate or a comparison is needed.
     */
    private final ECPoint point;
    /** Affine form, computed on first use (benign race: every thread computes the same value). */
    private volatile ECPoint affine;

    private Point(ECPoint point) {
        this.point = point;
        if (point.isNormalized()) {
            this.affine = point;
        }
    }

    private ECPoint affine() {
        ECPoint result = affine;
        if (result == null) {
            result = point.normalize();
            affine = result;
        }
        return result;
    }

    /**
     * Decodes a 33-byte compressed point: prefix 0x02/0x03, X below p, X^3 + 7 a square mod p.
     * Rejects the infinity encoding, the uncompressed and the hybrid forms.
     */
    public static Point decode(byte[] bytes) {
        if (bytes == null || bytes.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("point: expected 33 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != 0x02 && bytes[0] != 0x03) {
            throw new InvalidEncodingException("point: prefix must be 0x02 or 0x03");
        }
        checkCoordinate(bytes, 1, "X");
        return fromValidatedEncoding(bytes);
    }

    /**
     * Like {@link #decode(byte[])} but also accepts the 65-byte uncompressed form 0x04 || X || Y.
     * Only for public keys supplied by users or external systems; protocol messages use
     * {@link #decode(byte[])}.
     */
    public static Point decodeAny(byte[] bytes) {
        if (bytes != null && bytes.length == UNCOMPRESSED_LENGTH) {
            if (bytes[0] != 0x04) {
                throw new InvalidEncodingException("point: 65-byte encoding must start with 0x04");
            }
            checkCoordinate(bytes, 1, "X");
            checkCoordinate(bytes, 33, "Y");
            return fromValidatedEncoding(bytes);
        }
        return decode(bytes);
    }

    private static void checkCoordinate(byte[] bytes, int offset, String name) {
        BigInteger coordinate = new BigInteger(1, Arrays.copyOfRange(bytes, offset, offset + 32));
        if (coordinate.compareTo(Secp256k1.FIELD_PRIME) >= 0) {
            throw new InvalidEncodingException("point: " + name + " coordinate not below the field prime");
        }
    }

    private static Point fromValidatedEncoding(byte[] bytes) {
        ECPoint decoded;
        try {
            decoded = CURVE.decodePoint(bytes);
        } catch (RuntimeException e) {
            throw new InvalidEncodingException("point: not on the curve");
        }
        if (decoded.isInfinity() || !decoded.isValid()) {
            throw new InvalidEncodingException("point: not on the curve");
        }
        return new Point(decoded);
    }

    /** Wraps a Bouncy Castle point of the secp256k1 curve (for interop with BC APIs). */
    public static Point fromEcPoint(ECPoint ecPoint) {
        ECPoint onOurCurve = CURVE.importPoint(ecPoint);
        if (!onOurCurve.isValid()) {
            throw new InvalidEncodingException("point: not a valid secp256k1 point");
        }
        return new Point(onOurCurve);
    }

    public static Point generator() {
        return GENERATOR;
    }

    public static Point infinity() {
        return INFINITY;
    }

    /** k·G with Bouncy Castle's fixed-point comb (precomputed table for G). */
    public static Point baseMultiply(Scalar k) {
        if (k.isZero()) {
            return INFINITY;
        }
        return new Point(BASE_MULTIPLIER.multiply(GENERATOR.point, k.toBigInteger()));
    }

    /**
     * {@code a·P + b·Q} in one pass (Bouncy Castle's interleaved multiplication with the curve's
     * GLV endomorphism): about the cost of one {@link #multiply}. Variable time, so only for
     * public scalars and points (signature verification and recovery).
     */
    public static Point sumOfProducts(Scalar a, Point p, Scalar b, Point q) {
        if (a.isZero() || p.isInfinity()) {
            return q.multiply(b);
        }
        if (b.isZero() || q.isInfinity()) {
            return p.multiply(a);
        }
        return new Point(ECAlgorithms.sumOfTwoMultiplies(p.point, a.toBigInteger(), q.point, b.toBigInteger()));
    }

    /**
     * {@code Σ scalars[i]·points[i]} in one interleaved pass (Bouncy Castle's
     * {@code ECAlgorithms.sumOfMultiplies}, with the GLV endomorphism): each term costs a few point
     * additions on top of doublings shared by all. Variable time, so only for public points and
     * public (or verifier-chosen random) scalars, e.g. a batch verification's random combination.
     */
    public static Point sumOfMultiplies(java.util.List<Scalar> scalars, java.util.List<Point> points) {
        if (scalars.size() != points.size()) {
            throw new IllegalArgumentException("sumOfMultiplies: " + scalars.size() + " scalars for " + points.size()
                    + " points");
        }
        if (points.isEmpty()) {
            return INFINITY;
        }
        java.util.List<ECPoint> ecPoints = new java.util.ArrayList<>(points.size());
        java.util.List<BigInteger> ks = new java.util.ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            if (!points.get(i).isInfinity() && !scalars.get(i).isZero()) {
                ecPoints.add(points.get(i).point);
                ks.add(scalars.get(i).toBigInteger());
            }
        }
        if (ecPoints.isEmpty()) {
            return INFINITY;
        }
        return new Point(ECAlgorithms.sumOfMultiplies(ecPoints.toArray(new ECPoint[0]), ks.toArray(new BigInteger[0])));
    }

    public Point multiply(Scalar k) {
        if (k.isZero() || point.isInfinity()) {
            return INFINITY;
        }
        return new Point(point.multiply(k.toBigInteger()));
    }

    public Point add(Point other) {
        return new Point(point.add(other.point));
    }

    public Point subtract(Point other) {
        return new Point(point.subtract(other.point));
    }

    public Point negate() {
        return new Point(point.negate());
    }

    public boolean isInfinity() {
        return point.isInfinity();
    }

    /** 33-byte compressed encoding; infinity has no wire encoding. */
    public byte[] encode() {
        requireFinite();
        return affine().getEncoded(true);
    }

    /** 65-byte 0x04 || X || Y (Ethereum addresses, external tools). */
    public byte[] encodeUncompressed() {
        requireFinite();
        return affine().getEncoded(false);
    }

    public BigInteger affineX() {
        requireFinite();
        return affine().getAffineXCoord().toBigInteger();
    }

    public BigInteger affineY() {
        requireFinite();
        return affine().getAffineYCoord().toBigInteger();
    }

    public boolean isYOdd() {
        return affineY().testBit(0);
    }

    /** The underlying Bouncy Castle point (normalised). */
    public ECPoint toEcPoint() {
        return affine();
    }

    private void requireFinite() {
        if (point.isInfinity()) {
            throw new IllegalStateException("point at infinity has no encoding or coordinates");
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Point that && affine().equals(that.affine()));
    }

    @Override
    public int hashCode() {
        return point.isInfinity() ? 0 : affine().getAffineXCoord().toBigInteger().hashCode();
    }

    @Override
    public String toString() {
        return point.isInfinity() ? "Point[infinity]" : "Point[" + HexFormat.of().formatHex(encode()) + "]";
    }
}
