package io.sigil.client.user;

import io.sigil.client.discovery.TrustedNetwork;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one committee's new_user bundle (design §4 step 2): the committee's shard sealed with
 * HPKE to each of its nodes under the binding (user, key, committee, node), the network id and
 * epoch, an expiry and a nonce, and the account signature over everything. Public so tools and
 * tests can build bundles the way the SDK does.
 */
public final class BundleBuilder {
    /** A bundle is posted at once; ten minutes leave room for slow links and clock skew. */
    public static final long LIFETIME_SECONDS = 600;
    private static final SecureRandom RANDOM = new SecureRandom();
    private BundleBuilder() {
    }

    /** A bundle for the verified {@code network}, valid for {@link #LIFETIME_SECONDS} from now. */
    public static NewUserBundle build(TrustedNetwork network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard) {
        return build(NetworkBinding.of(network.registry()), account, keyId, threshold, committee,
                commitments, shard, Instant.now().getEpochSecond());
    }

    /** A bundle for {@code network}, valid for {@link #LIFETIME_SECONDS} from {@code now} (epoch seconds). */
    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long now) {
        byte[] nonce = new byte[NewUserBundle.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return build(network, account, keyId, threshold, committee, commitments, shard, now + LIFETIME_SECONDS, nonce);
    }

    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long expiresAt, byte[] nonce) {
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
                expiresAt, nonce));
        return new NewUserBundle(network.networkId(), network.epoch(), account.userId(), keyId, threshold,
                committee.index(), account.publicKey().toHex(),
                commitments.coefficients().stream().map(WireFields::pointHex).toList(), shards, expiresAt,
                WireFields.toHex(nonce), WireFields.toHex(signature));
    }
}
