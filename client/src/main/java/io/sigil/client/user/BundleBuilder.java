package io.sigil.client.user;

import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
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
 * over everything. Public so tools and tests can build bundles the way the SDK does; every
 * overload takes the chain code, so nothing registers a key under a code anyone could compute.
 */
public final class BundleBuilder {
    /** A bundle is posted at once; ten minutes leave room for slow links and clock skew. */
    public static final long LIFETIME_SECONDS = 600;
    private static final SecureRandom RANDOM = new SecureRandom();
    private BundleBuilder() {
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
