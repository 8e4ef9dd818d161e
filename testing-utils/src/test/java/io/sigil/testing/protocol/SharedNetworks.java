package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.Dkls23Abort;
import java.security.SecureRandom;
import java.util.List;

/**
 * Networks shared by the test classes of this JVM, because pairwise setup dominates test time
 * (~2 s per pair here). The shared network is only used by tests that never ban a pair.
 */
final class SharedNetworks {

    /** Nodes 1..6 fully paired, plus the pairs among {2, 4, 5, 7, 9} for 5-of-9. */
    static final List<Integer> FIVE_OF_NINE = List.of(2, 4, 5, 7, 9);

    private static final SecureRandom RNG = new SecureRandom();
    private static InMemoryNetwork nineNodes;

    private SharedNetworks() {
    }

    static synchronized InMemoryNetwork nineNodes() throws Dkls23Abort {
        if (nineNodes == null) {
            InMemoryNetwork network = new InMemoryNetwork(9, new SecureRandom());
            network.setupPairsAmong(List.of(1, 2, 3, 4, 5, 6));
            network.setupPairsAmong(FIVE_OF_NINE);
            nineNodes = network;
        }
        return nineNodes;
    }

    /** A fresh random 32-byte message digest. */
    static byte[] randomDigest() {
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        return digest;
    }
}
