package io.sigil.wire.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The new_user bundle for one committee (design §4): the network (id and epoch) it is meant for,
 * user and key ids, threshold, the Feldman commitments, each node's shard encrypted to it, an
 * expiry and a nonce, all signed by the user's account key. The leader relays it unchanged; every
 * node checks it with {@link #verify} and then checks the network binding against its registry,
 * so a bundle captured on one network, in an earlier epoch, or long ago is refused.
 *
 * <p>Field encodings: {@code accountKey} 32-byte hex, {@code commitments} 33-byte compressed
 * points in hex ({@code C_0} first, {@code C_0} is the public key), {@code expiresAt} epoch
 * seconds, {@code nonce} 16-byte hex, {@code chainCode} the key's 32-byte BIP32 chain code in hex
 * (docs/keygen.md §4.1: the client chooses it; every committee's bundle carries the same one),
 * {@code signature} 64-byte hex.
 *
 * <p>A bundle with a chain code is signed under {@code sigil/new-user/v3}, which appends it, so it
 * can be neither stripped nor swapped. A bundle without one (signed under {@code v2}) is what
 * clients wrote before chain codes were chosen: it is still read as the kept evidence of a key
 * stored then ({@link #verifyAsEvidence}, the key keeps the legacy rule), but a new delivery
 * without one is refused ({@link #verify}): a new key must not get the public legacy chain code.
 */
public record NewUserBundle(String networkId, long epoch, String userId, String keyId, int threshold, int committee,
                            String accountKey, List<String> commitments, List<EncryptedShard> shards, long expiresAt,
                            String nonce, @JsonInclude(JsonInclude.Include.NON_NULL) String chainCode,
                            String signature) {
    /** Committees and replicas are bounded so a body cannot make a node do unbounded work. */
    public static final int MAX_COMMITTEES = 64;
    public static final int MAX_NODES_PER_COMMITTEE = 64;
    /** A bundle is meant to be delivered at once; a captured one stops working after this long. */
    public static final long MAX_LIFETIME_SECONDS = 3600;
    public static final int NONCE_LENGTH = 16;
    public static final int CHAIN_CODE_LENGTH = 32;

    /** A bundle as written before chain codes were chosen (signed under {@code v2}; no chain code). */
    public NewUserBundle(String networkId, long epoch, String userId, String keyId, int threshold, int committee,
                         String accountKey, List<String> commitments, List<EncryptedShard> shards, long expiresAt,
                         String nonce, String signature) {
        this(networkId, epoch, userId, keyId, threshold, committee, accountKey, commitments, shards, expiresAt, nonce,
                null, signature);
    }


    /** The bytes a bundle without a chain code was signed over ({@code v2}, before chain codes were chosen). */
    public static byte[] signedMessage(NetworkBinding network, String userId, String keyId, int threshold, int committee,
                                       PublicKeyBytes accountKey, FeldmanCommitments commitments,
                                       List<EncryptedShard> shards, ShardCiphertexts ciphertexts, long expiresAt,
                                       byte[] nonce) {
        return signedMessage(network, userId, keyId, threshold, committee, accountKey, commitments, shards, ciphertexts,
                expiresAt, nonce, null);
    }

    /**
     * The bytes the account key signs: every field but the signature, length-prefixed; with a
     * {@code chainCode} ({@code v3}) it comes last, without one ({@code null}) the {@code v2} bytes.
     */
    public static byte[] signedMessage(NetworkBinding network, String userId, String keyId, int threshold, int committee,
                                       PublicKeyBytes accountKey, FeldmanCommitments commitments,
                                       List<EncryptedShard> shards, ShardCiphertexts ciphertexts, long expiresAt,
                                       byte[] nonce, byte[] chainCode) {
        Transcript transcript = network.start(chainCode == null ? "sigil/new-user/v2" : "sigil/new-user/v3")
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
        transcript.appendU64("expires-at", expiresAt).append("nonce", nonce);
        if (chainCode != null) {
            transcript.append("chain-code", chainCode);
        }
        return transcript.digest();
    }

    /** Decoded ciphertext bytes of a shard entry (so signer and verifier hash the same bytes). */
    @FunctionalInterface
    public interface ShardCiphertexts {
        byte[] of(EncryptedShard shard);
    }

    /**
     * Checks the form of every field, the expiry against {@code now} and the account signature; the
     * result is the only way to reach the decoded values, so nothing unverified is used by mistake.
     * The network binding is the receiver's to check ({@link VerifiedNewUser#network()}).
     *
     * @throws WireFormatException naming the first malformed or expired field, or {@code signature}
     *     when the account key did not sign exactly this bundle
     */
    public VerifiedNewUser verify(Instant now) {
        WireFields.identifier("networkId", networkId);
        if (epoch < 0) {
            throw new WireFormatException("epoch", "must not be negative");
        }
        NetworkBinding.requireFresh(expiresAt, now, MAX_LIFETIME_SECONDS);
        if (chainCode == null) {
            throw new WireFormatException("chainCode", "is required: the key's 32-byte BIP32 chain code, chosen by the"
                    + " client (a new key does not get the public legacy chain code)");
        }
        return verifySigned();
    }

    /**
     * {@link #verify} without the expiry: for a bundle kept as the evidence of a stored key and
     * shown to a replica later (keygen §3.7), when the user's signature still proves what the user
     * dealt but the bundle is long past its delivery window.
     */
    public VerifiedNewUser verifyAsEvidence() {
        WireFields.identifier("networkId", networkId);
        if (epoch < 0) {
            throw new WireFormatException("epoch", "must not be negative");
        }
        return verifySigned();
    }

    private VerifiedNewUser verifySigned() {
        byte[] nonceBytes = WireFields.hex("nonce", nonce, NONCE_LENGTH);
        byte[] chainCodeBytes = chainCode == null ? null : WireFields.hex("chainCode", chainCode, CHAIN_CODE_LENGTH);
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
        NetworkBinding network = new NetworkBinding(networkId, epoch);
        byte[] message = signedMessage(network, user, key, threshold, committee, account, feldman, entries,
                shard -> ciphertexts.get(shard.nodeId()), expiresAt, nonceBytes, chainCodeBytes);
        byte[] signatureBytes = WireFields.hex("signature", signature, 64);
        if (!SignatureKey.of(account).verifies(message, signatureBytes)) {
            throw new WireFormatException("signature", "is not the account key's signature over this bundle");
        }
        return new VerifiedNewUser(network, user, key, threshold, committee, account, feldman, Map.copyOf(ciphertexts),
                chainCodeBytes);
    }
}
