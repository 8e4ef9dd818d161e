package io.sigil.client.user;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.PeerKeys;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.user.EncryptedShard;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.ShardBinding;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one committee's new_user bundle (design §4 step 2): the committee's shard sealed with
 * HPKE to each of its nodes under the binding (user, key, committee, node), the network id and
 * epoch, an expiry and a nonce, the key's BIP32 chain code (docs/keygen.md §4.1: the client
 * chooses it; every committee's bundle of one key must carry the same), and the account signature
 * over everything. Public so tools and tests can build bundles the way the SDK does.
 */
public final class BundleBuilder {
    /** A bundle is posted at once; ten minutes leave room for slow links and clock skew. */
    public static final long LIFETIME_SECONDS = 600;
    private static final SecureRandom RANDOM = new SecureRandom();
    private BundleBuilder() {
    }

    /**
     * The chain code the overloads without one use: a hash of the commitments, so every committee's
     * bundle of one key gets the same. As public as the legacy rule (anyone with the commitments
     * computes it): for tests and tools that never derive; the SDK draws a random one ({@link UserClient#register}).
     */
    public static byte[] commonChainCode(FeldmanCommitments commitments) {
        return Transcript.start("sigil/bundle-builder/chain-code/v1").append("commitments", commitments.encode())
                .digest();
    }

    /**
     * A bundle for the verified {@code network}, valid for {@link #LIFETIME_SECONDS} from now, with a
     * chain code of the commitments' own: {@link #commonChainCode} (for tests and tools that build
     * one committee's bundle at a time and never derive; the SDK passes the chain code it chose).
     */
    public static NewUserBundle build(TrustedNetwork network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard) {
        return build(NetworkBinding.of(network.registry()), account, keyId, threshold, committee,
                commitments, shard, Instant.now().getEpochSecond());
    }

    /** As {@link #build(TrustedNetwork, AccountKey, String, int, CommitteeView, FeldmanCommitments, KeyShard)}, from {@code now}. */
    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long now) {
        return build(network, account, keyId, threshold, committee, commitments, shard, now,
                commonChainCode(commitments));
    }

    /** A bundle for {@code network}, valid for {@link #LIFETIME_SECONDS} from {@code now} (epoch seconds). */
    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long now, byte[] chainCode) {
        byte[] nonce = new byte[NewUserBundle.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return build(network, account, keyId, threshold, committee, commitments, shard, now + LIFETIME_SECONDS, nonce,
                chainCode);
    }

    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long expiresAt, byte[] nonce, byte[] chainCode) {
        List<EncryptedShard> shards = new ArrayList<>();
        Map<String, byte[]> ciphertexts = new HashMap<>();
        byte[] share = shard.shareBytes();
        try {
            for (NodeView node : committee.nodes()) {
                PeerKeys keys = PeerKeys.of(PublicKeyBytes.fromHex(node.identityKey()), PublicKeyBytes.fromHex(node.encryptionKey()));
                byte[] ciphertext = keys.encrypt(share, ShardBinding.contextInfo(account.userId(), keyId, committee.index(), node.id()));
                ciphertexts.put(node.id(), ciphertext);
                shards.add(new EncryptedShard(node.id(), WireFields.toBase64(ciphertext)));
            }
        } finally {
            Arrays.fill(share, (byte) 0);
        }
        byte[] signature = account.sign(NewUserBundle.signedMessage(network, account.userId(), keyId, threshold,
                committee.index(), account.publicKey(), commitments, shards, entry -> ciphertexts.get(entry.nodeId()),
                expiresAt, nonce, chainCode));
        return new NewUserBundle(network.networkId(), network.epoch(), account.userId(), keyId, threshold,
                committee.index(), account.publicKey().toHex(),
                commitments.coefficients().stream().map(WireFields::pointHex).toList(), shards, expiresAt,
                WireFields.toHex(nonce), WireFields.toHex(chainCode), WireFields.toHex(signature));
    }
}
