package io.sigil.crypto.dkg;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The round-1 commitments {@code {h_d}_{d∈D}} as the manager relays them to every contributor and
 * node (keygen §2.4). Everything of round 2 is bound to {@link #digest(byte[])}.
 */
public record CommitSet(SortedMap<Integer, byte[]> hashes) {

    public CommitSet {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> entry : hashes.entrySet()) {
            if (entry.getValue().length != 32) {
                throw new IllegalArgumentException("commit set: h_" + entry.getKey() + " must be 32 bytes");
            }
            copy.put(entry.getKey(), entry.getValue().clone());
        }
        hashes = Collections.unmodifiableSortedMap(copy);
    }

    /** Collects round-1 messages; a committee present twice is refused. */
    public static CommitSet of(List<DkgRound1.Message> messages) {
        SortedMap<Integer, byte[]> hashes = new TreeMap<>();
        for (DkgRound1.Message message : messages) {
            if (hashes.put(message.contributor(), message.commitHash()) != null) {
                throw new IllegalArgumentException("commit set: contributor " + message.contributor() + " twice");
            }
        }
        return new CommitSet(hashes);
    }

    /** {@code h_d}, a copy; null if absent. */
    public byte[] hash(int contributor) {
        byte[] value = hashes.get(contributor);
        return value == null ? null : value.clone();
    }

    /** {@code H("dkg-commit-set"; dkg_sid, LIST(h_d for d ascending))}. */
    public byte[] digest(byte[] sessionId) {
        List<byte[]> ordered = new ArrayList<>(hashes.values());
        return LifecycleHash.h("dkg-commit-set", sessionId, Encoding.list(ordered));
    }

    /** True when the set holds exactly the committees of D. */
    boolean coversExactly(DkgParameters parameters) {
        return hashes.keySet().equals(parameters.contributors().keySet());
    }
}
