package io.sigil.crypto.feldman;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Feldman commitments {@code C_0 = x·G, C_k = a_k·G} to the dealer's polynomial (spec §2.1, §2.2).
 * Public; {@code C_0} is the user's public key.
 *
 * <p>Encoding ({@link #encode()}): {@code LIST(C_0, …, C_{t−1})} of 33-byte compressed points,
 * i.e. {@code u32(t) || (u64(33) || C_k)*}. The acknowledgement digest of spec §2.2,
 * "{@code H(C_0 ‖ … ‖ C_{t−1})}", is fixed here as {@code H("feldman/commitments"; LIST(C_0, …,
 * C_{t−1}))} ({@link #digest()}), so every field is framed like all other protocol hashes.
 */
public final class FeldmanCommitments {

    /** Label name under {@code "sigil/dkls23/v1/"} for {@link #digest()}. */
    public static final String DIGEST_LABEL = "feldman/commitments";

    private final List<Point> coefficients;

    /** @param coefficients C_0..C_{t−1}; 2 ≤ t ≤ 255, none is the point at infinity */
    public FeldmanCommitments(List<Point> coefficients) {
        if (coefficients.size() < 2 || coefficients.size() > Lagrange.MAX_INDEX) {
            throw new IllegalArgumentException("feldman: threshold " + coefficients.size() + " outside 2.."
                    + Lagrange.MAX_INDEX);
        }
        for (int k = 0; k < coefficients.size(); k++) {
            if (coefficients.get(k).isInfinity()) {
                throw new IllegalArgumentException("feldman: commitment C_" + k + " is the point at infinity");
            }
        }
        this.coefficients = List.copyOf(coefficients);
    }

    /** The commitments C_0..C_{t−1}. */
    public List<Point> coefficients() {
        return coefficients;
    }

    /** t, the number of shares needed to sign. */
    public int threshold() {
        return coefficients.size();
    }

    /** PK = C_0. */
    public Point publicKey() {
        return coefficients.get(0);
    }

    /**
     * Feldman check of spec §2.2 step 2: {@code share·G == Σ_k (index^k mod q)·C_k}, evaluated by
     * Horner's rule. Also false for a zero share (shares are in Z_q*). The index must be in 1..255.
     */
    public boolean verifyShard(int index, Scalar share) {
        Lagrange.checkIndex(index);
        if (share.isZero()) {
            return false;
        }
        return Point.baseMultiply(share).equals(evaluate(index));
    }

    /** Convenience for {@link #verifyShard(int, Scalar)} on a shard. */
    public boolean verifyShard(KeyShard shard) {
        return verifyShard(shard.index(), shard.share());
    }

    /** The public image {@code f(index)·G} of a share, e.g. to check a party's {@code pk_i}. */
    public Point evaluate(int index) {
        Lagrange.checkIndex(index);
        Scalar x = Scalar.fromLong(index);
        Point acc = coefficients.get(coefficients.size() - 1);
        for (int k = coefficients.size() - 2; k >= 0; k--) {
            acc = acc.multiply(x).add(coefficients.get(k));
        }
        return acc;
    }

    /** {@code H("feldman/commitments"; LIST(C_0, …, C_{t−1}))}, 32 bytes. */
    public byte[] digest() {
        return Dkls23Hash.h(DIGEST_LABEL, encode());
    }

    /** {@code LIST(C_0, …, C_{t−1})} of compressed points. */
    public byte[] encode() {
        List<byte[]> encoded = new ArrayList<>(coefficients.size());
        for (Point c : coefficients) {
            encoded.add(c.encode());
        }
        return Encoding.list(encoded);
    }

    /** Strict inverse of {@link #encode()}: exact lengths, valid points, 2 ≤ t ≤ 255. */
    public static FeldmanCommitments decode(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            throw new InvalidEncodingException("feldman commitments: too short");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long count = Integer.toUnsignedLong(buffer.getInt());
        if (count < 2 || count > Lagrange.MAX_INDEX) {
            throw new InvalidEncodingException("feldman commitments: threshold outside 2..255");
        }
        long expected = 4 + count * (8 + Point.ENCODED_LENGTH);
        if (bytes.length != expected) {
            throw new InvalidEncodingException("feldman commitments: length does not match the count");
        }
        List<Point> points = new ArrayList<>((int) count);
        for (int k = 0; k < count; k++) {
            if (buffer.getLong() != Point.ENCODED_LENGTH) {
                throw new InvalidEncodingException("feldman commitments: C_" + k + " is not 33 bytes");
            }
            byte[] point = new byte[Point.ENCODED_LENGTH];
            buffer.get(point);
            try {
                points.add(Point.decode(point));
            } catch (InvalidEncodingException e) {
                throw new InvalidEncodingException("feldman commitments: C_" + k + ": " + e.getMessage());
            }
        }
        return new FeldmanCommitments(points);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof FeldmanCommitments that && coefficients.equals(that.coefficients));
    }

    @Override
    public int hashCode() {
        return coefficients.hashCode();
    }

    @Override
    public String toString() {
        return "FeldmanCommitments[t=" + coefficients.size() + ", publicKey=" + publicKey() + "]";
    }
}
