package io.sigil.wire.user;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The new_user bundle for one committee (design §4): user and key ids, threshold, the Feldman
 * commitments, each node's shard encrypted to it, all signed by the user's account key. The
 * leader relays it unchanged; every node checks it with {@link #verify}.
 *
 * <p>Field encodings: {@code accountKey} 32-byte hex, {@code commitments} 33-byte compressed
 * points in hex ({@code C_0} first, {@code C_0} is the public key), {@code signature} 64-byte hex.
 */
public record NewUserBundle(String userId, String keyId, int threshold, int committee, String accountKey,
                            List<String> commitments, List<EncryptedShard> shards, String signature) {
    /** Committees and replicas are bounded so a body cannot make a node do unbounded work. */
    public static final int MAX_COMMITTEES = 64;
    public static final int MAX_NODES_PER_COMMITTEE = 64;

    /** The bytes the account key signs: every field but the signature, length-prefixed. */
    public static byte[] signedMessage(String userId, String keyId, int threshold, int committee,
                                       PublicKeyBytes accountKey, FeldmanCommitments commitments,
                                       List<EncryptedShard> shards, ShardCiphertexts ciphertexts) {
        Transcript transcript = Transcript.start("sigil/new-user/v1")
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("threshold", Encoding.u32(threshold))
                .append("committee", Encoding.u32(committee))
                .append("account-key", accountKey.toBytes())
                .append("commitments", commitments.encode())
                .append("shard-count", Encoding.u32(shards.size()));
        for (EncryptedShard shard : shards) {
            transcript.appendString("node", shard.nodeId()).append("ciphertext", ciphertexts.of(shard));
        }
        return transcript.digest();
    }

    /** Decoded ciphertext bytes of a shard entry (so signer and verifier hash the same bytes). */
    @FunctionalInterface
    public interface ShardCiphertexts {
        byte[] of(EncryptedShard shard);
    }

    /**
     * Checks the form of every field and the account signature; the result is the only way to
     * reach the decoded values, so nothing unverified is used by mistake.
     *
     * @throws WireFormatException naming the first malformed field, or {@code signature} when
     *     the account key did not sign exactly this bundle
     */
    public VerifiedNewUser verify() {
        String user = WireFields.identifier("userId", userId);
        String key = WireFields.identifier("keyId", keyId);
        PublicKeyBytes account = WireFields.publicKey("accountKey", accountKey);
        if (!AccountKey.userIdOf(account).equals(user)) {
            throw new WireFormatException("userId", "is not the id of this account key");
        }
        if (committee < 1 || committee > MAX_COMMITTEES) {
            throw new WireFormatException("committee", "must be between 1 and " + MAX_COMMITTEES);
        }
        if (threshold < 2 || threshold > MAX_COMMITTEES) {
            throw new WireFormatException("threshold", "must be at least 2 (t = 1 would give every committee the whole key)");
        }
        List<String> encodedCommitments = WireFields.boundedList("commitments", commitments, threshold, threshold);
        List<Point> points = new ArrayList<>(threshold);
        for (int j = 0; j < encodedCommitments.size(); j++) {
            points.add(WireFields.point("commitments[" + j + "]", encodedCommitments.get(j)));
        }
        FeldmanCommitments feldman = new FeldmanCommitments(points);
        List<EncryptedShard> entries = WireFields.boundedList("shards", shards, 1, MAX_NODES_PER_COMMITTEE);
        Map<String, byte[]> ciphertexts = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            EncryptedShard entry = entries.get(i);
            String node = WireFields.identifier("shards[" + i + "].nodeId", entry.nodeId());
            if (!seen.add(node)) {
                throw new WireFormatException("shards[" + i + "].nodeId", "node " + node + " appears twice");
            }
            ciphertexts.put(node, WireFields.base64("shards[" + i + "].ciphertext", entry.ciphertext(),
                    EncryptedShard.MAX_CIPHERTEXT_BYTES));
        }
        byte[] message = signedMessage(user, key, threshold, committee, account, feldman, entries,
                shard -> ciphertexts.get(shard.nodeId()));
        byte[] signatureBytes = WireFields.hex("signature", signature, 64);
        if (!SignatureKey.of(account).verifies(message, signatureBytes)) {
            throw new WireFormatException("signature", "is not the account key's signature over this bundle");
        }
        return new VerifiedNewUser(user, key, threshold, committee, account, feldman, Map.copyOf(ciphertexts));
    }
}
