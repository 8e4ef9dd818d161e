package io.sigil.testing.reshare;

import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.testing.dkg.DkgOutcome;
import io.sigil.testing.dkg.InMemoryDkgNetwork;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

/** Epochs to reshare from: a network key generated on {@link InMemoryDkgNetwork} and activated everywhere. */
final class ReshareFixtures {

    private ReshareFixtures() {
    }

    /** A generated key of epoch {@link InMemoryDkgNetwork#EPOCH}, with every node's record. */
    record GeneratedEpoch(InMemoryDkgNetwork network, DkgOutcome outcome) {
        Map<String, KeyShard> shards() {
            Map<String, KeyShard> shards = new TreeMap<>();
            outcome.pending().forEach((node, key) -> shards.put(node, key.shard()));
            return shards;
        }

        PendingKey anyRecord() {
            return outcome.pending().values().iterator().next();
        }

        InMemoryReshareNetwork toNewNodes(int committees, int replicas, int threshold, SecureRandom rng) {
            return InMemoryReshareNetwork.toNewNodes(InMemoryDkgNetwork.EPOCH, network.directory(), shards(),
                    InMemoryReshareNetwork.recordOf(anyRecord()), committees, replicas, threshold, rng);
        }

        InMemoryReshareNetwork refresh(SecureRandom rng) {
            Map<String, io.sigil.identity.NodeIdentity> identities = new TreeMap<>();
            network.nodes().forEach(node -> identities.put(node, network.identity(node)));
            return InMemoryReshareNetwork.refresh(InMemoryDkgNetwork.EPOCH, network.directory(), identities, shards(),
                    InMemoryReshareNetwork.recordOf(anyRecord()), rng);
        }
    }

    static GeneratedEpoch generated(int committees, int replicas, int threshold, SecureRandom rng) {
        InMemoryDkgNetwork network = new InMemoryDkgNetwork(committees, replicas, threshold, rng);
        DkgOutcome outcome = network.run();
        if (!outcome.active().equals(network.nodes())) {
            throw new IllegalStateException("key generation did not activate everywhere: " + outcome.allAborts());
        }
        return new GeneratedEpoch(network, outcome);
    }
}
