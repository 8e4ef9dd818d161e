package io.sigil.crypto.reshare;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * A batch of reshare attempts with the same old party {@code P} (keygen §3.5): up to
 * {@link #MAX_KEYS} keys of one epoch change, each still its own attempt with its own
 * {@code rs_sid}. {@link #digest()} is {@code H("reshare-batch"; LIST(rs_sid_k for k in batch order))}:
 * it commits to every key's session and to their order, so the batch seals, the contributors'
 * signatures and the batch acks that bind it bind every key's {@code rs_sid} at its position.
 * Session ids and Lagrange coefficients are computed once here, not once per key and recipient.
 */
public final class ReshareBatch {

    /** At most this many keys in one batch (the wire bounds a request by it). */
    public static final int MAX_KEYS = 2000;

    private final List<ReshareParameters> keys;
    private final List<byte[]> sessionIds;
    private final byte[] digest;
    private final Map<Integer, Scalar> lagrange = new HashMap<>();

    public ReshareBatch(List<ReshareParameters> keys) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("reshare batch: " + keys.size() + " keys (1.." + MAX_KEYS + ")");
        }
        this.keys = List.copyOf(keys);
        ReshareParameters first = keys.getFirst();
        Set<String> names = new HashSet<>();
        List<byte[]> ids = new ArrayList<>(keys.size());
        for (ReshareParameters key : keys) {
            boolean sameChange = key.networkId().equals(first.networkId()) && key.oldEpoch() == first.oldEpoch()
                    && Arrays.equals(key.approvalDigest(), first.approvalDigest())
                    && key.newCommitteeCount() == first.newCommitteeCount();
            if (!sameChange || !key.contributors().equals(first.contributors())) {
                throw new IllegalArgumentException("reshare batch: every key needs the same change and party P");
            }
            if (!names.add(EpochReady.name(key.userId(), key.keyId()))) {
                throw new IllegalArgumentException("reshare batch: key " + key.keyId() + " of user " + key.userId()
                        + " twice");
            }
            ids.add(key.sessionId());
        }
        this.sessionIds = List.copyOf(ids);
        this.digest = digestOf(ids);
        for (int committee : first.contributors().keySet()) {
            lagrange.put(committee, first.lagrange(committee));
        }
    }

    /** {@code H("reshare-batch"; LIST(rs_sid_k))} of the session ids in batch order. */
    public static byte[] digestOf(List<byte[]> sessionIds) {
        return LifecycleHash.h("reshare-batch", Encoding.list(sessionIds));
    }

    public int size() {
        return keys.size();
    }

    public List<ReshareParameters> keys() {
        return keys;
    }

    public ReshareParameters key(int index) {
        return keys.get(index);
    }

    /** {@code rs_sid} of the key at {@code index}. */
    public byte[] sessionId(int index) {
        return sessionIds.get(index).clone();
    }

    /** {@code H("reshare-batch"; LIST(rs_sid_k))}. */
    public byte[] digest() {
        return digest.clone();
    }

    /** P: old committee → contributing node, the same for every key. */
    public SortedMap<Integer, String> contributors() {
        return keys.getFirst().contributors();
    }

    public int newCommitteeCount() {
        return keys.getFirst().newCommitteeCount();
    }

    public long newEpoch() {
        return keys.getFirst().newEpoch();
    }

    /** {@code λ_i} of old committee {@code i ∈ P}. */
    public Scalar lagrange(int committee) {
        Scalar coefficient = lagrange.get(committee);
        if (coefficient == null) {
            throw new IllegalArgumentException("reshare: committee " + committee + " is not in the old party");
        }
        return coefficient;
    }

    @Override
    public String toString() {
        return "ReshareBatch[" + keys.size() + " keys, party=" + contributors() + ", first=" + keys.getFirst() + "]";
    }
}
