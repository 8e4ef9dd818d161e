package io.sigil.crypto.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The public outcome of one reshare attempt, computed from the contributors' public parts alone
 * (keygen §3.4 steps 1, 2, 4 and 5), so the manager computes it as well as every new node: the
 * agreed public record, the new commitments {@code C'_k = Σ_i E_{i,k}} ({@code C'_0 == PK}) and
 * {@code T' = H("reshare-transcript"; rs_sid, LIST(LIST(E_{i,*}) for i ascending))}.
 */
public record ReshareTranscript(KeyPublicRecord record, FeldmanCommitments commitments, byte[] transcriptHash) {

    public ReshareTranscript {
        transcriptHash = transcriptHash.clone();
    }

    @Override
    public byte[] transcriptHash() {
        return transcriptHash.clone();
    }

    public Point publicKey() {
        return commitments.publicKey();
    }

    /**
     * Steps 1, 2, 4, 5 over the messages of P (keyed by contributor): one message per contributor,
     * identical records naming the session's key with {@code C_0 = PK}, exactly {@code t'} commitments
     * each, {@code E_{i,0} == λ_i·S_i}; then {@code C'} and {@code T'}.
     */
    public static ReshareTranscript verified(ReshareParameters parameters, Map<Integer, ReshareRound1.Message> messages)
            throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        SortedMap<Integer, ReshareRound1.Message> ordered = new TreeMap<>();
        for (int contributor : parameters.contributors().keySet()) {
            ReshareRound1.Message message = messages.get(contributor);
            if (message == null || message.contributor() != contributor) {
                throw DkgAbort.blame(new DkgFailure.MessageMissing(contributor), parameters.contributorNode(contributor),
                        sessionId);
            }
            ordered.put(contributor, message);
        }
        KeyPublicRecord record = agreedRecord(parameters, ordered, sessionId);
        int newThreshold = parameters.newThreshold();
        for (ReshareRound1.Message message : ordered.values()) {
            int contributor = message.contributor();
            String culprit = parameters.contributorNode(contributor);
            if (message.commitments().size() != newThreshold) {
                throw DkgAbort.blame(new DkgFailure.WrongCommitmentCount(contributor, newThreshold,
                        message.commitments().size()), culprit, sessionId);
            }
            Point expected = record.publicShard(contributor).multiply(parameters.lagrange(contributor));
            if (!message.commitments().get(0).equals(expected)) {
                throw DkgAbort.blame(new DkgFailure.ConstantTermMismatch(contributor), culprit, sessionId);
            }
        }
        List<Point> sums = new ArrayList<>(newThreshold);
        List<byte[]> entries = new ArrayList<>(ordered.size());
        for (int k = 0; k < newThreshold; k++) {
            Point sum = Point.infinity();
            for (ReshareRound1.Message message : ordered.values()) {
                sum = sum.add(message.commitments().get(k));
            }
            if (sum.isInfinity()) {
                throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("C'_" + k + " is the point at infinity"),
                        sessionId);
            }
            sums.add(sum);
        }
        if (!sums.get(0).equals(parameters.publicKey())) {
            // Follows from the E_{i,0} checks and Σ λ_i = 1 on P; kept as the spec asks (step 4).
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("C'_0 is not the public key"), sessionId);
        }
        for (ReshareRound1.Message message : ordered.values()) {
            entries.add(Reveal.encodePoints(message.commitments()));
        }
        byte[] transcript = LifecycleHash.h("reshare-transcript", sessionId, Encoding.list(entries));
        return new ReshareTranscript(record, new FeldmanCommitments(sums), transcript);
    }

    /**
     * Step 1: every contributor sent the same record, and it is the session's key. When copies
     * differ, the contributors outside the largest group of identical copies are named (all of them
     * when no group is larger than another): an honest contributor sends the true record, so only a
     * liar can be alone with its copy. When all agree on a record that contradicts the session, the
     * agreed copy is true (one of them is honest) and the manager named the wrong key.
     */
    private static KeyPublicRecord agreedRecord(ReshareParameters parameters,
            SortedMap<Integer, ReshareRound1.Message> messages, byte[] sessionId) throws DkgAbort {
        Map<ByteBuffer, List<Integer>> groups = new HashMap<>();
        for (ReshareRound1.Message message : messages.values()) {
            groups.computeIfAbsent(ByteBuffer.wrap(message.record().digest()), digest -> new ArrayList<>())
                    .add(message.contributor());
        }
        if (groups.size() > 1) {
            int largest = groups.values().stream().mapToInt(List::size).max().orElseThrow();
            long groupsOfLargest = groups.values().stream().filter(group -> group.size() == largest).count();
            TreeSet<String> culprits = new TreeSet<>();
            for (List<Integer> group : groups.values()) {
                if (group.size() < largest || groupsOfLargest > 1) {
                    group.forEach(contributor -> culprits.add(parameters.contributorNode(contributor)));
                }
            }
            throw DkgAbort.blameAll(new DkgFailure.RecordsDisagree(groups.size() + " different records from "
                    + messages.size() + " contributors"), culprits, sessionId);
        }
        KeyPublicRecord record = messages.values().iterator().next().record();
        if (!record.userId().equals(parameters.userId()) || !record.keyId().equals(parameters.keyId())
                || !record.publicKey().equals(parameters.publicKey()) || record.threshold() != parameters.oldThreshold()) {
            throw DkgAbort.blameManager(new DkgFailure.RecordInvalid("the contributors' record is not the key or "
                    + "threshold the session names"), sessionId);
        }
        return record;
    }

    @Override
    public String toString() {
        return "ReshareTranscript[" + record + ", t'=" + commitments.threshold() + "]";
    }
}
