package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The public outcome of one attempt, computed from the reveals alone (keygen §2.5 steps 5–6), so the
 * manager computes it as well as every node: the summed commitments {@code C_k = Σ_d A_{d,k}}
 * ({@code PK = C_0}), the transcript hash
 * {@code T = H("dkg-transcript"; dkg_sid, LIST(TUPLE(LIST(A_{d,*}), π_d) for d ascending))} and the
 * chain code {@code cc = H("chain-code"; T)}.
 */
public record DkgTranscript(byte[] transcriptHash, FeldmanCommitments commitments, byte[] chainCode) {

    public DkgTranscript {
        transcriptHash = transcriptHash.clone();
        chainCode = chainCode.clone();
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    public Point publicKey() {
        return commitments.publicKey();
    }

    /**
     * The manager's computation (§2.6): the same checks of the reveals as a node's steps 2–3
     * (commit-set binding, {@code h_d}, exactly t commitments, proof of knowledge), then
     * {@link #of}. A contributor at fault is named before any node is asked to acknowledge.
     */
    public static DkgTranscript verified(DkgParameters parameters, CommitSet commitSet, Map<Integer, Reveal> reveals)
            throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        return of(sessionId, DkgRound3.checkReveals(parameters, sessionId, commitSet, reveals, true));
    }

    /**
     * A later reader's recomputation from what a node keeps at activation (keygen §3.7, replica
     * catch-up): the attempt's parameters and every contributor's reveal. The commit set is rebuilt
     * from the reveals' own {@code h_d}, then the same checks as §2.5 steps 2–3 (exactly D, each
     * reveal bound to that set, exactly t commitments, proof of knowledge) and {@link #of}. A
     * committee listed twice, or any failed check, is a {@link DkgAbort} naming what failed.
     */
    public static DkgTranscript recomputed(DkgParameters parameters, List<Reveal> reveals) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        SortedMap<Integer, Reveal> byContributor = new TreeMap<>();
        SortedMap<Integer, byte[]> hashes = new TreeMap<>();
        for (Reveal reveal : reveals) {
            if (byContributor.put(reveal.contributor(), reveal) != null) {
                throw DkgAbort.unattributed(new DkgFailure.RevealMissing("committee " + reveal.contributor()
                        + " revealed twice"), sessionId);
            }
            hashes.put(reveal.contributor(), reveal.commitHash(sessionId));
        }
        return of(sessionId, DkgRound3.checkReveals(parameters, sessionId, new CommitSet(hashes), byContributor, false));
    }

    /**
     * From reveals already checked (exactly t commitments each, keyed by contributor in ascending
     * order). A summed commitment at infinity is {@link DkgFailure.DegenerateKey}, no culprit.
     */
    public static DkgTranscript of(byte[] sessionId, SortedMap<Integer, Reveal> reveals) throws DkgAbort {
        int threshold = reveals.values().iterator().next().commitments().size();
        List<Point> sums = new ArrayList<>(threshold);
        List<byte[]> entries = new ArrayList<>(reveals.size());
        for (int k = 0; k < threshold; k++) {
            Point sum = Point.infinity();
            for (Reveal reveal : reveals.values()) {
                sum = sum.add(reveal.commitments().get(k));
            }
            if (sum.isInfinity()) {
                throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("C_" + k + " is the point at infinity"),
                        sessionId);
            }
            sums.add(sum);
        }
        for (Reveal reveal : reveals.values()) {
            entries.add(Encoding.tuple(Reveal.encodePoints(reveal.commitments()), reveal.proof().encode()));
        }
        byte[] transcript = LifecycleHash.h("dkg-transcript", sessionId, Encoding.list(entries));
        return new DkgTranscript(transcript, new FeldmanCommitments(sums), LifecycleHash.h("chain-code", transcript));
    }

    @Override
    public String toString() {
        return "DkgTranscript[publicKey=" + publicKey() + "]";
    }
}
