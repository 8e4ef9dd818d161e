package io.sigil.node.epoch;

import io.sigil.crypto.reshare.EpochReady;
import io.sigil.kvdb.EncryptedStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code K} and {@code K'} of an add-replicas change (docs/keygen.md §3.8) over this node's ACTIVE
 * keys, which the change carries unchanged: {@code K} as for every change (name → {@code PK}),
 * {@code K'} over each key's {@link EpochReady#carriedTranscript} (its commitments and chain code),
 * so readies of the nodes of {@code e} that agree prove they all hold the same polynomial of every key.
 */
public final class CarriedKeys {
    private CarriedKeys() {
    }

    /** The sets and how many keys they cover. */
    public record Sets(byte[] keySet, byte[] newKeySet, long keys) {
    }

    public static Sets of(EncryptedStore store) {
        Map<String, EpochReady.KeyEntry> entries = new TreeMap<>();
        ActiveKeys.forEach(store, (name, record) -> entries.put(name, new EpochReady.KeyEntry(record.publicKey(),
                EpochReady.carriedTranscript(name, record.commitments().coefficients(),
                        record.chainCode().orElse(null)))));
        byte[][] sets = EpochReady.keySets(entries);
        return new Sets(sets[0], sets[1], entries.size());
    }
}
