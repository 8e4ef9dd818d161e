package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.setup.BanListener;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStateStore;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.service.node.LocalNode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's pairwise DKLs23 states (spec §3.7), encrypted in the node store under the peer's
 * id and cached in memory once loaded (the seeds are ~24 KiB per peer and read by every session).
 * The cache holds the same objects every session uses, so a ban flips them for everyone at once.
 */
@Singleton
public final class StoredPairStates implements PairStateStore {
    private final LocalNode local;
    private final EncryptedStore store;
    private final Map<String, PairState> cache = new ConcurrentHashMap<>();
    private final List<BanListener> listeners = new CopyOnWriteArrayList<>();

    StoredPairStates(LocalNode local, NodeStore store) {
        this.local = local;
        this.store = store.store();
    }

    public void addListener(BanListener listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<PairState> find(String peerNode) {
        PairState cached = cache.get(peerNode);
        if (cached != null) {
            return Optional.of(cached);
        }
        return store.get(NodeStore.PAIRS, key(peerNode)).map(bytes -> {
            try {
                PairState decoded = PairState.decode(bytes);
                PairState raced = cache.putIfAbsent(peerNode, decoded);
                if (raced != null) {
                    decoded.destroy();
                    return raced;
                }
                return decoded;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    @Override
    public void save(PairState state) {
        if (!state.myNode().equals(local.id())) {
            throw new IllegalArgumentException("a pair state of another node cannot be stored here");
        }
        byte[] encoded = state.encode();
        try {
            store.put(NodeStore.PAIRS, key(state.peerNode()), encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        PairState previous = cache.put(state.peerNode(), state);
        if (previous != null && previous != state) {
            previous.destroy();
        }
    }

    /** The ban procedure of spec §8, in its MUST order. */
    @Override
    public void ban(BanRecord ban) {
        Optional<PairState> state = find(ban.peerNode());
        if (state.isPresent()) {
            state.get().markBanned();
            byte[] banned = state.get().encode(); // a banned state encodes its public fields only
            store.put(NodeStore.PAIRS, key(ban.peerNode()), banned); // (1) durable BANNED, seeds gone at rest
        }
        for (BanListener listener : listeners) {
            listener.abortSessionsUsing(ban.peerNode()); // (2)
        }
        state.ifPresent(PairState::destroy); // (3) wipe the in-memory seeds
        for (BanListener listener : listeners) {
            listener.report(ban); // (4)
        }
    }

    private static byte[] key(String peerNode) {
        return peerNode.getBytes(StandardCharsets.UTF_8);
    }
}
