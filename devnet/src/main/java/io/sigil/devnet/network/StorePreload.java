package io.sigil.devnet.network;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.identity.AccountKey;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.Role;
import java.security.SecureRandom;

/**
 * Fills the stores of a running in-JVM devnet with key records of synthetic users, written
 * straight into each signing node's encrypted store in batches — the shape and size of records
 * new_user writes — so a benchmark can sign against a store that holds many users without
 * spending hours registering them over HTTP. For benchmarks only: these keys have no account
 * key anyone holds, and each node's records share one dealing.
 */
public final class StorePreload {
    private static final int BATCH = 1000;

    private StorePreload() {
    }

    public static void preload(Devnet devnet, int users) {
        SecureRandom random = new SecureRandom();
        DealtKey dealt = FeldmanDealer.generate(devnet.registry().threshold(), devnet.registry().committeeCount(), random);
        AccountKey account = AccountKey.generate();
        for (DevnetNode node : devnet.layout().nodes()) {
            if (node.service() != Role.SIGNING_CLIENT) {
                continue;
            }
            NodeStore store = devnet.context(node.id()).getBean(NodeStore.class);
            Scalar share = dealt.shard(node.committee()).share();
            byte[] record = new KeyRecord(node.committee(), devnet.registry().threshold(), account.publicKey(),
                    dealt.commitments(), share).encode();
            StoreBatch batch = store.store().batch();
            for (int user = 0; user < users; user++) {
                batch.put(NodeStore.KEYS, KeyRecord.storeKey("preloaded-" + user, "k"), record);
                if (batch.size() == BATCH) {
                    batch.commit();
                    batch = store.store().batch();
                }
            }
            if (batch.size() > 0) {
                batch.commit();
            }
        }
        dealt.destroy();
    }
}
