package io.sigil.crypto.dkls23.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PairStateStore} in memory, for tests and the in-JVM harness. "Persisting" a ban means
 * recording it in {@link #persistedBans()} before anything else happens, which tests inspect to
 * check the order of the ban procedure.
 */
public final class InMemoryPairStateStore implements PairStateStore {

    private final String ownNode;
    private final ConcurrentHashMap<String, PairState> states = new ConcurrentHashMap<>();
    private final List<BanRecord> persistedBans = new CopyOnWriteArrayList<>();
    private final List<BanListener> listeners = new CopyOnWriteArrayList<>();
    private final SupersededGenerations superseded = new SupersededGenerations();

    public InMemoryPairStateStore(String ownNode) {
        this.ownNode = ownNode;
    }

    public String ownNode() {
        return ownNode;
    }

    public void addListener(BanListener listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<PairState> find(String peerNode) {
        return Optional.ofNullable(states.get(peerNode));
    }

    @Override
    public void save(PairState state) {
        if (!state.myNode().equals(ownNode)) {
            throw new IllegalArgumentException("pair state belongs to another node");
        }
        PairState previous = states.get(state.peerNode());
        if (previous != null && previous.generation() >= state.generation()) {
            throw new IllegalArgumentException("pair state generation must grow");
        }
        states.put(state.peerNode(), state);
        if (previous != null) {
            superseded.replaced(previous);
            previous.markRetired(); // as on a node: sessions still on it end without blame
            previous.destroy();
        }
    }

    @Override
    public void ban(BanRecord ban) {
        PairState state = states.get(ban.peerNode());
        // (1) persist BANNED first; the in-memory status flips in the same step so that every
        // session checking the pair (under the direction lock) sees it at once.
        persistedBans.add(ban);
        if (state != null) {
            state.markBanned();
        }
        for (BanListener listener : listeners) { // (2)
            listener.abortSessionsUsing(ban.peerNode());
        }
        if (state != null) {
            state.destroy(); // (3)
        }
        for (BanListener listener : listeners) { // (4)
            listener.report(ban);
        }
    }

    @Override
    public void retire(String peerNode, String reason) {
        PairState state = states.get(peerNode);
        if (state == null || !state.isActive()) {
            return;
        }
        state.markRetired();
        for (BanListener listener : listeners) {
            listener.endSessionsWithoutBlame(peerNode);
        }
        state.destroy();
    }

    @Override
    public void outOfSync(String peerNode, byte[] dirSid) {
        if (superseded.setAside(peerNode, dirSid)) {
            retire(peerNode, "its MUL1 names another pair generation");
        }
    }

    /** Bans in the order they were persisted. */
    public List<BanRecord> persistedBans() {
        return new ArrayList<>(persistedBans);
    }
}
