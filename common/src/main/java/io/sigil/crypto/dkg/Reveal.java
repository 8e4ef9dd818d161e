package io.sigil.crypto.dkg;

import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.ArrayList;
import java.util.List;

/**
 * The public part of a contributor's round-2 message (keygen §2.4): its committee {@code d}, the
 * commit-set hash it binds to, its commitments {@code A_{d,0..}} and its proof {@code π_d}.
 * Decoding accepts any count of commitments up to 255 so that the receiving node, not the parser,
 * refuses a wrong count and names the contributor (the threshold-raise attack, §2.5 step 3).
 *
 * <p>Encoding: {@code u32(d) ‖ commitSetHash(32) ‖ LIST(A_{d,0..}) ‖ R(33) ‖ z(32)}; the contributor
 * signs these bytes (service side).
 */
public record Reveal(int contributor, byte[] commitSetHash, List<Point> commitments, ProofOfKnowledge proof) {

    public Reveal {
        commitSetHash = commitSetHash.clone();
        commitments = List.copyOf(commitments);
        if (commitSetHash.length != 32) {
            throw new IllegalArgumentException("reveal: commit-set hash must be 32 bytes");
        }
        for (Point commitment : commitments) {
            if (commitment.isInfinity()) {
                throw new IllegalArgumentException("reveal: a commitment is the point at infinity");
            }
        }
    }

    @Override
    public byte[] commitSetHash() {
        return commitSetHash.clone();
    }

    /** {@code h_d = H("dkg-commit"; dkg_sid, u32(d), LIST(A_{d,0..t−1}), π_d)} (keygen §2.3). */
    public byte[] commitHash(byte[] sessionId) {
        return commitHash(sessionId, contributor, commitments, proof);
    }

    static byte[] commitHash(byte[] sessionId, int contributor, List<Point> commitments, ProofOfKnowledge proof) {
        return LifecycleHash.h("dkg-commit", sessionId, Encoding.u32(contributor), encodePoints(commitments),
                proof.encode());
    }

    /** {@code LIST(P_0, …)} of compressed points. */
    public static byte[] encodePoints(List<Point> points) {
        List<byte[]> encoded = new ArrayList<>(points.size());
        for (Point point : points) {
            encoded.add(point.encode());
        }
        return Encoding.list(encoded);
    }

    public byte[] encode() {
        return Encoding.concat(Encoding.u32(contributor), commitSetHash, encodePoints(commitments), proof.encode());
    }

    /** Strict inverse of {@link #encode()}; {@link InvalidEncodingException} names the field. */
    public static Reveal decode(byte[] bytes) {
        WireReader reader = new WireReader(bytes, "dkg reveal");
        long contributor = reader.u32("contributor");
        if (contributor < 1 || contributor > 255) {
            throw new InvalidEncodingException("dkg reveal: contributor outside 1..255");
        }
        byte[] commitSetHash = reader.bytes(32, "commit-set hash");
        long count = reader.u32("commitment count");
        if (count < 1 || count > 255) {
            throw new InvalidEncodingException("dkg reveal: commitment count outside 1..255");
        }
        List<Point> commitments = new ArrayList<>((int) count);
        for (int k = 0; k < count; k++) {
            if (reader.u64("A_" + k + " length") != Point.ENCODED_LENGTH) {
                throw new InvalidEncodingException("dkg reveal: A_" + k + " is not 33 bytes");
            }
            commitments.add(reader.point("A_" + k));
        }
        ProofOfKnowledge proof = new ProofOfKnowledge(reader.point("proof R"), reader.scalar("proof z"));
        reader.finish();
        return new Reveal((int) contributor, commitSetHash, commitments, proof);
    }

    @Override
    public String toString() {
        return "Reveal[contributor=" + contributor + ", commitments=" + commitments.size() + "]";
    }
}
