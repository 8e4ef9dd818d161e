package io.sigil.crypto.dkg;

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
 * One attempt of network key generation as every participant must agree on it (keygen §2.2):
 * the user's request fields, the threshold t, the committee count n, the contributor set D
 * (committee → contributing node, t distinct committees), the request id, the attempt number and
 * the expiry. {@link #sessionId()} is {@code dkg_sid}.
 */
public record DkgParameters(
        String networkId,
        long epoch,
        String userId,
        String keyId,
        byte[] accountKey,
        int threshold,
        int committeeCount,
        SortedMap<Integer, String> contributors,
        String requestId,
        int attempt,
        long expiry) {

    public DkgParameters {
        accountKey = accountKey.clone();
        contributors = Collections.unmodifiableSortedMap(new TreeMap<>(contributors));
        if (committeeCount < 2 || committeeCount > 255) {
            throw new IllegalArgumentException("dkg: committee count " + committeeCount + " outside 2..255");
        }
        if (threshold < 2 || threshold > committeeCount) {
            throw new IllegalArgumentException("dkg: threshold " + threshold + " outside 2.." + committeeCount);
        }
        if (contributors.size() != threshold) {
            throw new IllegalArgumentException("dkg: " + contributors.size() + " contributors for threshold "
                    + threshold + " (|D| must equal t)");
        }
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            if (entry.getKey() < 1 || entry.getKey() > committeeCount) {
                throw new IllegalArgumentException("dkg: contributor committee " + entry.getKey() + " outside 1.."
                        + committeeCount);
            }
        }
        if (attempt < 0 || epoch < 0 || expiry < 0) {
            throw new IllegalArgumentException("dkg: negative epoch, attempt or expiry");
        }
    }

    @Override
    public byte[] accountKey() {
        return accountKey.clone();
    }

    /** The node of committee {@code d} that contributes, or an exception if d ∉ D. */
    public String contributorNode(int committee) {
        String node = contributors.get(committee);
        if (node == null) {
            throw new IllegalArgumentException("dkg: committee " + committee + " is not a contributor");
        }
        return node;
    }

    /**
     * Checks D against the registry epoch (§2.5 step 2): every contributor is a signing node of the
     * committee it contributes for. A mismatch is the manager's fault (it chose D).
     */
    public void checkContributors(DkgDirectory directory) throws DkgAbort {
        if (directory.committeeCount() != committeeCount) {
            throw DkgAbort.unattributed(new DkgFailure.InvalidParameters("n = " + committeeCount
                    + " but the registry has " + directory.committeeCount() + " committees"), sessionId());
        }
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            boolean member = directory.member(entry.getValue()).map(m -> m.committee() == entry.getKey()).orElse(false);
            if (!member) {
                throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("contributor " + entry.getValue()
                        + " is not a signing node of committee " + entry.getKey()), sessionId());
            }
        }
    }

    /**
     * {@code dkg_sid = H("dkg-sid"; networkId, u64(epoch), userId, keyId, accountKey, u32(t), u32(n),
     * LIST(TUPLE(u32(d), N_d) for d ∈ D ascending), requestId, u32(attempt), u64(expiry))}.
     */
    public byte[] sessionId() {
        List<byte[]> set = new ArrayList<>(contributors.size());
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            set.add(Encoding.tuple(Encoding.u32(entry.getKey()), utf8(entry.getValue())));
        }
        return LifecycleHash.h("dkg-sid", utf8(networkId), Encoding.u64(epoch), utf8(userId), utf8(keyId),
                accountKey, Encoding.u32(threshold), Encoding.u32(committeeCount), Encoding.list(set),
                utf8(requestId), Encoding.u32(attempt), Encoding.u64(expiry));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
