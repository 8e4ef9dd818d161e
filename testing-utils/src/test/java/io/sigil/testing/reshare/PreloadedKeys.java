package io.sigil.testing.reshare;

import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.identity.AccountKey;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.registry.PublicKeyBytes;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Real dealt keys written straight into the running devnet's node stores (each signing node's
 * {@code keys} namespace, its committee's Feldman shard of a fresh key with threshold the
 * registry's), for benchmarks that need many keys fast: {@code new_user} costs a round trip and a
 * synced write per node per key. Each key passes every check a reshare makes (the shards lie on
 * the commitments, {@code C_0 = PK}); only what {@code new_user} adds besides the record (its
 * user's registration evidence) is absent.
 */
final class PreloadedKeys {
    private static final int PER_STORE_BATCH = 1000;

    private PreloadedKeys() {
    }

    static void write(Devnet devnet, int count) {
        List<NodeEntry> nodes = devnet.registry().nodesWithRole(Role.SIGNING_CLIENT);
        int threshold = devnet.registry().threshold();
        int committees = devnet.registry().committeeCount();
        SecureRandom random = new SecureRandom();
        PublicKeyBytes account = AccountKey.generate().publicKey();
        String userId = AccountKey.userIdOf(account);
        for (int from = 0; from < count; from += PER_STORE_BATCH) {
            int to = Math.min(count, from + PER_STORE_BATCH);
            List<DealtKey> keys = IntStream.range(from, to).parallel()
                    .mapToObj(ignored -> FeldmanDealer.generate(threshold, committees, random)).toList();
            Map<String, StoreBatch> batches = new HashMap<>();
            for (NodeEntry node : nodes) {
                int committee = node.committee().orElseThrow();
                StoreBatch batch = devnet.context(node.id()).getBean(NodeStore.class).store().batch();
                for (int index = 0; index < keys.size(); index++) {
                    DealtKey key = keys.get(index);
                    KeyRecord record = new KeyRecord(committee, threshold, account, key.commitments(),
                            key.shard(committee).share());
                    byte[] encoded = record.encode();
                    batch.put(NodeStore.KEYS, KeyRecord.storeKey(userId, "bench" + (from + index)), encoded);
                    java.util.Arrays.fill(encoded, (byte) 0);
                    record.destroy();
                }
                batches.put(node.id(), batch);
            }
            batches.values().forEach(StoreBatch::commit);
            keys.forEach(DealtKey::destroy);
        }
    }
}
