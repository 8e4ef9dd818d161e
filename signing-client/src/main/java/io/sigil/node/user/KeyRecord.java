package io.sigil.node.user;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.registry.PublicKeyBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a node keeps of one user key (spec §2.2): its committee and the threshold, the user's
 * account key, the Feldman commitments (so {@code PK = C_0} and every party's {@code pk_i} can be
 * recomputed) and its shard {@code x_i}. Encoded deterministically, so an identical replay of a
 * bundle produces byte-identical records and the store's compare-and-put accepts it.
 *
 * <p>Layout: {@code u8(1) || u32(committee) || u32(t) || account key (32) || L(commitments) || x_i (32)};
 * a key with a stored BIP32 chain code is {@code u8(2) || …same… || chain code (32)}: a
 * network-generated key's comes from the generation transcript (keygen §2.6), a dealt key's is the
 * one the user chose and signed in its bundle (§4.1); neither can be recomputed later. A version-1
 * record (a dealt key registered before chain codes were chosen) uses the legacy rule.
 */
public final class KeyRecord {
    private static final byte VERSION = 1;
    private static final byte VERSION_WITH_CHAIN_CODE = 2;
    private static final int CHAIN_CODE_LENGTH = 32;

    private final int committee;
    private final int threshold;
    private final PublicKeyBytes accountKey;
    private final FeldmanCommitments commitments;
    private final byte[] share;
    private final byte[] chainCode;

    public KeyRecord(int committee, int threshold, PublicKeyBytes accountKey, FeldmanCommitments commitments, Scalar share) {
        this(committee, threshold, accountKey, commitments, share, null);
    }

    /** A record with the key's chain code ({@code null}: a key registered before chain codes, the legacy rule). */
    public KeyRecord(int committee, int threshold, PublicKeyBytes accountKey, FeldmanCommitments commitments, Scalar share,
                     byte[] chainCode) {
        if (chainCode != null && chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("a chain code is 32 bytes");
        }
        this.committee = committee;
        this.threshold = threshold;
        this.accountKey = accountKey;
        this.commitments = commitments;
        this.share = share.toBytes();
        this.chainCode = chainCode == null ? null : chainCode.clone();
    }

    /** The store key of {@code (user, key)}; both are identifiers without '/'. */
    public static byte[] storeKey(String userId, String keyId) {
        return (userId + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** A record's threshold and the encoding of its public key {@code C_0}, public parts only. */
    public record Summary(int threshold, byte[] publicKey) {
    }

    /**
     * The threshold and {@code C_0}'s 33 bytes read from an encoding without decoding any point
     * or the shard: for listing and counting many keys (a point decoding is a square root). The
     * bytes are as stored, which were checked when the record was written.
     */
    public static Summary summary(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_WITH_CHAIN_CODE) {
            throw new IllegalStateException("unknown key record version");
        }
        in.getInt();
        int threshold = in.getInt();
        in.position(in.position() + PublicKeyBytes.LENGTH + 8 + 4);
        if (in.getLong() != Point.ENCODED_LENGTH) {
            throw new IllegalStateException("key record: C_0 is not 33 bytes");
        }
        byte[] publicKey = new byte[Point.ENCODED_LENGTH];
        in.get(publicKey);
        return new Summary(threshold, publicKey);
    }

    public static KeyRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_WITH_CHAIN_CODE) {
            throw new IllegalStateException("unknown key record version");
        }
        int committee = in.getInt();
        int threshold = in.getInt();
        byte[] account = new byte[PublicKeyBytes.LENGTH];
        in.get(account);
        byte[] commitments = new byte[(int) in.getLong()];
        in.get(commitments);
        byte[] share = new byte[Scalar.ENCODED_LENGTH];
        in.get(share);
        byte[] chainCode = null;
        if (version == VERSION_WITH_CHAIN_CODE) {
            chainCode = new byte[CHAIN_CODE_LENGTH];
            in.get(chainCode);
        }
        try {
            return new KeyRecord(committee, threshold, PublicKeyBytes.of(account), FeldmanCommitments.decode(commitments),
                    Scalar.fromBytes(share), chainCode);
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    /** The encoding; holds the shard, so the caller wipes it once stored. */
    public byte[] encode() {
        byte[] body = Encoding.concat(Encoding.u32(committee), Encoding.u32(threshold), accountKey.toBytes(),
                Encoding.lengthPrefixed(commitments.encode()), share);
        try {
            return chainCode == null ? Encoding.concat(new byte[] {VERSION}, body)
                    : Encoding.concat(new byte[] {VERSION_WITH_CHAIN_CODE}, body, chainCode);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The stored BIP32 chain code; empty for a key registered before chain codes (the legacy rule applies). */
    public java.util.Optional<byte[]> chainCode() {
        return java.util.Optional.ofNullable(chainCode).map(byte[]::clone);
    }

    public int committee() {
        return committee;
    }

    public int threshold() {
        return threshold;
    }

    public PublicKeyBytes accountKey() {
        return accountKey;
    }

    public FeldmanCommitments commitments() {
        return commitments;
    }

    public Point publicKey() {
        return commitments.publicKey();
    }

    /** The shard {@code x_i}. Secret. */
    public Scalar share() {
        return Scalar.fromBytes(share);
    }

    public void destroy() {
        Arrays.fill(share, (byte) 0);
    }

    @Override
    public String toString() {
        return "KeyRecord[committee=" + committee + ", t=" + threshold + ", publicKey=" + publicKey() + ", share redacted]";
    }
}
