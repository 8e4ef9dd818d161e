package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.setup.BanListener;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStateStore;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.setup.SupersededGenerations;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.node.store.StoreWatermark;
import io.sigil.service.node.LocalNode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's pairwise DKLs23 states (spec §3.7), encrypted in the node store under the peer's
 * id and cached in memory once loaded (the seeds are ~24 KiB per peer and read by every session).
 * The cache holds the same objects every session uses, so a ban flips them for everyone at once.
 */
@Singleton
public final class StoredPairStates implements PairStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StoredPairStates.class);
    private final LocalNode local;
    private final EncryptedStore store;
    private final Map<String, PairState> cache = new ConcurrentHashMap<>();
    private final List<BanListener> listeners = new CopyOnWriteArrayList<>();
    private final SupersededGenerations superseded = new SupersededGenerations();

    private final StoreWatermark watermark;

    StoredPairStates(LocalNode local, NodeStore store, StoreWatermark watermark) {
        this.local = local;
        this.store = store.store();
        this.watermark = watermark;
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
            watermark.advance();
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        PairState previous = cache.put(state.peerNode(), state);
        if (previous != null && previous != state) {
            superseded.replaced(previous);
            if (previous.isActive()) {
                // a new generation replaces one still in use: sessions on the old one cannot finish
                previous.markRetired();
                listeners.forEach(listener -> listener.endSessionsWithoutBlame(state.peerNode()));
            }
            previous.destroy();
        }
    }

    /** The ban procedure of spec §8, in its MUST order. */
    @Override
    public void ban(BanRecord ban) {
        Optional<PairState> state = find(ban.peerNode());
        state.ifPresent(PairState::markBanned);
        takeOutOfUse(ban.peerNode(), state, true); // (1)–(3)
        for (BanListener listener : listeners) {
            listener.report(ban); // (4)
        }
    }

    /** The peer holds another generation: out of use without blame, set up again at next need. */
    @Override
    public void retire(String peerNode, String reason) {
        Optional<PairState> state = find(peerNode).filter(PairState::isActive);
        if (state.isEmpty()) {
            return;
        }
        state.get().markRetired();
        takeOutOfUse(peerNode, state, false);
        LOG.warn("retired the pair with {} for a new setup: {}", peerNode, reason);
    }

    /**
     * An operator's {@code reset-pair} (or a detected store restore): the pair becomes
     * {@code RETIRED} whatever it was, a ban included, so the next need sets it up again with a
     * higher generation. Returns the generation the pair had (0 for none).
     */
    public long reset(String peerNode, String reason) {
        Optional<PairState> state = find(peerNode);
        if (state.isEmpty()) {
            return 0;
        }
        PairState old = state.get();
        PairState retired = new PairState(old.myNode(), old.peerNode(), old.pairSid(), old.generation(), old.epoch(),
                PairStatus.RETIRED, new byte[32], null, null);
        takeOutOfUse(peerNode, Optional.of(retired), false);
        old.destroy();
        LOG.warn("reset the pair with {} (generation {}, was {}): {}", peerNode, old.generation(), old.status(), reason);
        return old.generation();
    }

    /** A setup this node ran but did not store (its last answer lost): the peer may hold it. */
    void unacknowledged(PairState state) {
        superseded.replaced(state);
    }

    @Override
    public void outOfSync(String peerNode, byte[] dirSid) {
        if (superseded.setAside(peerNode, dirSid)) {
            retire(peerNode, "its MUL1 names another pair generation");
        }
    }

    /** Every peer this node holds a pair state with. */
    public List<String> peers() {
        List<String> peers = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(NodeStore.PAIRS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                peers.add(new String(entry.key(), StandardCharsets.UTF_8));
                Arrays.fill(entry.value(), (byte) 0);
            }
        }
        return peers;
    }

    /**
     * Ban/retire steps (1)–(3): persist the state's public fields with its new status (seeds gone at
     * rest), abort the sessions using the pair, wipe the in-memory seeds.
     */
    private void takeOutOfUse(String peerNode, Optional<PairState> state, boolean banned) {
        if (state.isPresent()) {
            byte[] publicOnly = state.get().encode(); // a non-active state encodes its public fields only
            store.put(NodeStore.PAIRS, key(peerNode), publicOnly);
            watermark.advance();
            PairState cached = cache.put(peerNode, state.get());
            if (cached != null && cached != state.get()) {
                cached.markRetired();
                cached.destroy();
            }
        }
        for (BanListener listener : listeners) {
            if (banned) {
                listener.abortSessionsUsing(peerNode);
            } else {
                listener.endSessionsWithoutBlame(peerNode);
            }
        }
        state.ifPresent(PairState::destroy);
    }

    /**
     * Drops the in-memory state of pairs whose stored state an epoch commit just deleted (a peer the
     * new registry leaves out, or every peer of a retired node): sessions on them end without blame.
     */
    public void forgetCommitted(java.util.Collection<String> peerNodes) {
        for (String peerNode : peerNodes) {
            PairState cached = cache.remove(peerNode);
            if (cached != null) {
                cached.markRetired();
                cached.destroy();
            }
            listeners.forEach(listener -> listener.endSessionsWithoutBlame(peerNode));
        }
    }

    private static byte[] key(String peerNode) {
        return peerNode.getBytes(StandardCharsets.UTF_8);
    }
}
