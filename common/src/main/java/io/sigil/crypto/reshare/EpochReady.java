package io.sigil.crypto.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code prepare} phase of an epoch change (keygen §3.2 step 3): every signing node of
 * {@code e+1} signs {@code ready = H("epoch-ready"; N, u64(e+1), K, K')} with
 * {@code K = H("key-set"; LIST(TUPLE(userId/keyId, PK) sorted))} over every key and
 * {@code K' = H("key-set-new"; LIST(TUPLE(userId/keyId, T') sorted))}. {@code commit} needs readies
 * on the same {@code K} and {@code K'}: every node of {@code e+1} then holds the same keys under the
 * same transcripts, and a node of {@code e} compares {@code K} with its own key set.
 */
public final class EpochReady {

    private EpochReady() {
    }

    /** One key of the epoch change: its public key and the {@code T'} its reshare activated under. */
    public record KeyEntry(Point publicKey, byte[] transcriptHash) {
        public KeyEntry {
            transcriptHash = transcriptHash.clone();
        }

        @Override
        public byte[] transcriptHash() {
            return transcriptHash.clone();
        }
    }

    /** {@code userId/keyId}, the sort key of both sets. */
    public static String name(String userId, String keyId) {
        return userId + "/" + keyId;
    }

    /** {@code K} over {@code keys} (name → public key); the order of the map does not matter. */
    public static byte[] keySet(Map<String, Point> keys) {
        List<byte[]> entries = new ArrayList<>(keys.size());
        for (Map.Entry<String, Point> entry : new TreeMap<>(keys).entrySet()) {
            entries.add(Encoding.tuple(ReshareParameters.utf8(entry.getKey()), entry.getValue().encode()));
        }
        return LifecycleHash.h("key-set", Encoding.list(entries));
    }

    /** {@code K'} over {@code keys} (name → T'). */
    public static byte[] newKeySet(SortedMap<String, byte[]> transcripts) {
        List<byte[]> entries = new ArrayList<>(transcripts.size());
        for (Map.Entry<String, byte[]> entry : new TreeMap<>(transcripts).entrySet()) {
            entries.add(Encoding.tuple(ReshareParameters.utf8(entry.getKey()), entry.getValue()));
        }
        return LifecycleHash.h("key-set-new", Encoding.list(entries));
    }

    /** {@code K} and {@code K'} of a whole change, from each key's entry. */
    public static byte[][] keySets(Map<String, KeyEntry> keys) {
        Map<String, Point> publicKeys = new TreeMap<>();
        SortedMap<String, byte[]> transcripts = new TreeMap<>();
        keys.forEach((name, entry) -> {
            publicKeys.put(name, entry.publicKey());
            transcripts.put(name, entry.transcriptHash());
        });
        return new byte[][] {keySet(publicKeys), newKeySet(transcripts)};
    }

    /**
     * {@code T'} of a key an add-replicas change carries unchanged (keygen §3.8), where no reshare
     * made a transcript: {@code H("carried-key"; userId/keyId, LIST(C_0..C_{t-1}), cc)} with
     * {@code cc} empty when the record holds no chain code. {@code K'} over these binds every
     * commitment (and chain code) each node of {@code e} holds, so readies that agree mean every
     * existing replica keeps the same polynomial.
     */
    public static byte[] carriedTranscript(String name, List<Point> commitments, byte[] chainCode) {
        List<byte[]> points = new ArrayList<>(commitments.size());
        commitments.forEach(point -> points.add(point.encode()));
        return LifecycleHash.h("carried-key", ReshareParameters.utf8(name), Encoding.list(points),
                chainCode == null ? new byte[0] : chainCode);
    }

    /** {@code ready = H("epoch-ready"; N, u64(e+1), K, K')}: what a node of {@code e+1} signs. */
    public static byte[] digest(String networkId, long newEpoch, byte[] keySet, byte[] newKeySet) {
        return LifecycleHash.h("epoch-ready", ReshareParameters.utf8(networkId), Encoding.u64(newEpoch), keySet,
                newKeySet);
    }

    /** True when {@code ready} is the digest over this node's own {@code K} and {@code K'}. */
    public static boolean matches(byte[] ready, String networkId, long newEpoch, byte[] keySet, byte[] newKeySet) {
        return MessageDigest.isEqual(ready, digest(networkId, newEpoch, keySet, newKeySet));
    }
}
