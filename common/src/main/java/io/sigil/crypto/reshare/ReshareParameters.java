package io.sigil.crypto.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.Lagrange;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One attempt to reshare one key from epoch {@code e} to {@code e+1} (keygen §3.3) as every
 * participant must agree on it: the network, both epochs, the digest of the approval of the new
 * registry, the key ({@code userId, keyId, PK}), its threshold {@code t} in {@code e} and
 * {@code t'} in {@code e+1}, the number {@code n'} of new committees, the old party {@code P}
 * (old committee → contributing node, exactly {@code t} distinct committees) and the attempt.
 * {@link #sessionId()} is {@code rs_sid}. A refresh is the same with a registry that differs only in
 * its epoch.
 */
public record ReshareParameters(
        String networkId,
        long oldEpoch,
        long newEpoch,
        byte[] approvalDigest,
        String userId,
        String keyId,
        Point publicKey,
        int oldThreshold,
        int newThreshold,
        int newCommitteeCount,
        SortedMap<Integer, String> contributors,
        int attempt) {

    public static final int APPROVAL_DIGEST_LENGTH = 32;

    public ReshareParameters {
        approvalDigest = approvalDigest.clone();
        contributors = Collections.unmodifiableSortedMap(new TreeMap<>(contributors));
        if (approvalDigest.length != APPROVAL_DIGEST_LENGTH) {
            throw new IllegalArgumentException("reshare: approval digest of " + approvalDigest.length + " bytes");
        }
        if (newEpoch != oldEpoch + 1 || oldEpoch < 0) {
            throw new IllegalArgumentException("reshare: epoch " + oldEpoch + " → " + newEpoch
                    + " (the new epoch is the next one)");
        }
        if (newCommitteeCount < 2 || newCommitteeCount > Lagrange.MAX_INDEX) {
            throw new IllegalArgumentException("reshare: new committee count " + newCommitteeCount + " outside 2.."
                    + Lagrange.MAX_INDEX);
        }
        if (oldThreshold < 2 || newThreshold < 2 || newThreshold > newCommitteeCount) {
            throw new IllegalArgumentException("reshare: thresholds " + oldThreshold + " → " + newThreshold
                    + " (each at least 2, the new one at most " + newCommitteeCount + ")");
        }
        if (contributors.size() != oldThreshold) {
            throw new IllegalArgumentException("reshare: " + contributors.size() + " contributors for threshold "
                    + oldThreshold + " (|P| must equal t)");
        }
        for (int committee : contributors.keySet()) {
            if (committee < 1 || committee > Lagrange.MAX_INDEX) {
                throw new IllegalArgumentException("reshare: contributor committee " + committee + " outside 1.."
                        + Lagrange.MAX_INDEX);
            }
        }
        if (attempt < 0 || publicKey.isInfinity()) {
            throw new IllegalArgumentException("reshare: negative attempt or public key at infinity");
        }
    }

    @Override
    public byte[] approvalDigest() {
        return approvalDigest.clone();
    }

    /** The node of old committee {@code i} that contributes, or an exception if i ∉ P. */
    public String contributorNode(int committee) {
        String node = contributors.get(committee);
        if (node == null) {
            throw new IllegalArgumentException("reshare: committee " + committee + " is not in the old party");
        }
        return node;
    }

    /** {@code λ_i}, the Lagrange coefficient at zero of old committee {@code i} in P. */
    public Scalar lagrange(int committee) {
        return Lagrange.coefficientAtZero(committee, contributors.keySet());
    }

    /**
     * §3.4 step 1, the part about P: every contributor is a signing node of epoch {@code e} in the
     * committee it contributes for. A mismatch is the manager's fault (it chose P).
     */
    public void checkContributors(DkgDirectory oldEpochNodes) throws DkgAbort {
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            if (entry.getKey() > oldEpochNodes.committeeCount()) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("committee " + entry.getKey()
                        + " does not exist in epoch " + oldEpoch), sessionId());
            }
            boolean member = oldEpochNodes.member(entry.getValue())
                    .map(found -> found.committee() == entry.getKey()).orElse(false);
            if (!member) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("contributor " + entry.getValue()
                        + " is not a signing node of committee " + entry.getKey() + " in epoch " + oldEpoch),
                        sessionId());
            }
        }
    }

    /**
     * {@code rs_sid = H("reshare-sid"; networkId, u64(e), u64(e+1), approvalDigest, userId, keyId, PK,
     * LIST(TUPLE(u32(i), N_i) for i ∈ P ascending), u32(attempt))}.
     */
    public byte[] sessionId() {
        List<byte[]> party = new ArrayList<>(contributors.size());
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            party.add(Encoding.tuple(Encoding.u32(entry.getKey()), utf8(entry.getValue())));
        }
        return LifecycleHash.h("reshare-sid", utf8(networkId), Encoding.u64(oldEpoch), Encoding.u64(newEpoch),
                approvalDigest, utf8(userId), utf8(keyId), publicKey.encode(), Encoding.list(party),
                Encoding.u32(attempt));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReshareParameters[user=" + userId + ", key=" + keyId + ", epoch " + oldEpoch + "→" + newEpoch
                + ", t " + oldThreshold + "→" + newThreshold + ", n'=" + newCommitteeCount + ", party="
                + contributors + ", attempt=" + attempt + "]";
    }
}
