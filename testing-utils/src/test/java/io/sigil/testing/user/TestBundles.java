package io.sigil.testing.user;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.BundleBuilder;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.wire.user.NewUserBundle;
import java.time.Instant;

/**
 * new_user bundles for tests that build one committee's bundle at a time and never derive a child
 * key: the chain code is a hash of the commitments, so every committee's bundle of one key carries
 * the same. That code is as public as the legacy rule (anyone with the commitments computes it),
 * which is why this lives here and not in {@link BundleBuilder}: a tool must choose a secret one.
 */
public final class TestBundles {
    private TestBundles() {
    }

    /** The chain code of {@code commitments}: the same for every committee's bundle of one key. */
    public static byte[] chainCodeOf(FeldmanCommitments commitments) {
        return Transcript.start("sigil/test-bundles/chain-code/v1").append("commitments", commitments.encode())
                .digest();
    }

    /** A bundle for the verified {@code network}, valid for {@link BundleBuilder#LIFETIME_SECONDS} from now. */
    public static NewUserBundle build(TrustedNetwork network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard) {
        return build(NetworkBinding.of(network.registry()), account, keyId, threshold, committee, commitments, shard,
                Instant.now().getEpochSecond());
    }

    /** A bundle for {@code network}, valid for {@link BundleBuilder#LIFETIME_SECONDS} from {@code now}. */
    public static NewUserBundle build(NetworkBinding network, AccountKey account, String keyId, int threshold,
                                      CommitteeView committee, FeldmanCommitments commitments, KeyShard shard,
                                      long now) {
        return BundleBuilder.build(network, account, keyId, threshold, committee, commitments, shard, now,
                chainCodeOf(commitments));
    }
}
