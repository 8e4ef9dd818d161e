package io.sigil.crypto.dkls23;

import static io.sigil.crypto.hash.Encoding.list;
import static io.sigil.crypto.hash.Encoding.tuple;
import static io.sigil.crypto.hash.Encoding.u32;
import static io.sigil.crypto.hash.Encoding.u64;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Dkls23Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The session identifiers of spec §1.5. Every field is hashed in the order written there, each
 * length-prefixed by {@link Dkls23Hash#h}; node ids and the other textual ids are UTF-8.
 */
public final class SessionIds {

    public static final int SETUP_NONCE_LENGTH = 32;
    public static final int DIGEST_LENGTH = 32;

    private SessionIds() {
    }

    /** Byte-wise unsigned order of node ids, which decides who is "A" in a pair (spec §1.5). */
    public static int compareNodeIds(String first, String second) {
        return Arrays.compareUnsigned(utf8(first), utf8(second));
    }

    /**
     * {@code pair_sid = H("pair-sid"; networkId, A, B, u32(epoch), u32(generation), setupNonce)}
     * with {@code A < B}; the argument order of the two nodes does not matter.
     */
    public static byte[] pairSid(String networkId, String nodeOne, String nodeTwo, long epoch,
            long generation, byte[] setupNonce) {
        if (setupNonce.length != SETUP_NONCE_LENGTH) {
            throw new IllegalArgumentException("setup nonce must be 32 bytes");
        }
        if (nodeOne.equals(nodeTwo)) {
            throw new IllegalArgumentException("a pair needs two distinct nodes");
        }
        boolean ordered = compareNodeIds(nodeOne, nodeTwo) < 0;
        String a = ordered ? nodeOne : nodeTwo;
        String b = ordered ? nodeTwo : nodeOne;
        return Dkls23Hash.h("pair-sid", utf8(networkId), utf8(a), utf8(b), u32(epoch),
                u32(generation), setupNonce);
    }

    /** {@code dir_sid(X→Y) = H("dir-sid"; pair_sid, X, Y)} with Bob = X, Alice = Y. */
    public static byte[] dirSid(byte[] pairSid, String bobNode, String aliceNode) {
        return Dkls23Hash.h("dir-sid", pairSid, utf8(bobNode), utf8(aliceNode));
    }

    /**
     * {@code sign_sid} of spec §1.5. {@code digest} is the 32-byte message digest, or empty for a
     * presignature.
     */
    public static byte[] signSid(String networkId, long epoch, String userId, String keyId,
            Point publicKey, int threshold, int committeeCount, SigningParty party,
            String requestId, long attempt, long expiryUnixSeconds, byte[] digest) {
        if (digest.length != 0 && digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("digest must be 32 bytes or empty");
        }
        List<byte[]> members = new ArrayList<>(party.size());
        for (PartyId member : party.members()) {
            members.add(tuple(u32(member.index()), member.nodeIdBytes()));
        }
        return Dkls23Hash.h("sign-sid", utf8(networkId), u32(epoch), utf8(userId), utf8(keyId),
                publicKey.encode(), u32(threshold), u32(committeeCount), list(members),
                utf8(requestId), u32(attempt), u64(expiryUnixSeconds), digest);
    }

    /** {@code mul_sid(i←j) = H("mul-sid"; sign_sid, u32(i), u32(j), dir_sid(N_i→N_j))}. */
    public static byte[] mulSid(byte[] signSid, int bobIndex, int aliceIndex, byte[] dirSid) {
        return Dkls23Hash.h("mul-sid", signSid, u32(bobIndex), u32(aliceIndex), dirSid);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
