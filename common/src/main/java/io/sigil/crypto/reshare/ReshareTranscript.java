package io.sigil.crypto.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import io.sigil.crypto.reshare.ReshareBatchRound1.BatchMessage;
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
 * {@code T' = H("reshare-transcript"; rs_sid, LIST(LIST(E_{i,*}) for i ascending), cc)}. The chain
 * code {@code cc} of the agreed record is a departure from the specification's formula (which ends
 * at the commitments): without it nothing any new committee signs covers {@code cc}, so catch-up
 * evidence of a reshared key could not prove it (docs/keygen.md §3.4, docs/security.md).
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
        return verified(parameters, parameters.sessionId(), messages);
    }

    /** {@link #verified(ReshareParameters, Map)} with {@code rs_sid} computed by the caller (once per batch key). */
    static ReshareTranscript verified(ReshareParameters parameters, byte[] sessionId,
            Map<Integer, ReshareRound1.Message> messages) throws DkgAbort {
        SortedMap<Integer, ReshareRound1.Message> ordered = ordered(parameters, messages, sessionId);
        KeyPublicRecord record = shaped(parameters, ordered, sessionId);
        for (ReshareRound1.Message message : ordered.values()) {
            checkConstantTerm(parameters, record, message, sessionId);
        }
        return combined(parameters, record, ordered, sessionId);
    }

    /** Step 1, presence: one message per contributor of P, keyed and ordered by contributor. */
    static SortedMap<Integer, ReshareRound1.Message> ordered(ReshareParameters parameters,
            Map<Integer, ReshareRound1.Message> messages, byte[] sessionId) throws DkgAbort {
        SortedMap<Integer, ReshareRound1.Message> ordered = new TreeMap<>();
        for (int contributor : parameters.contributors().keySet()) {
            ReshareRound1.Message message = messages.get(contributor);
            if (message == null || message.contributor() != contributor) {
                throw DkgAbort.blame(new DkgFailure.MessageMissing(contributor), parameters.contributorNode(contributor),
                        sessionId);
            }
            ordered.put(contributor, message);
        }
        return ordered;
    }

    /** Steps 1 and 2 but the constant terms: the agreed record, exactly {@code t'} commitments each. */
    static KeyPublicRecord shaped(ReshareParameters parameters, SortedMap<Integer, ReshareRound1.Message> ordered,
            byte[] sessionId) throws DkgAbort {
        KeyPublicRecord record = agreedRecord(parameters, ordered, sessionId);
        int newThreshold = parameters.newThreshold();
        for (ReshareRound1.Message message : ordered.values()) {
            if (message.commitments().size() != newThreshold) {
                throw DkgAbort.blame(new DkgFailure.WrongCommitmentCount(message.contributor(), newThreshold,
                        message.commitments().size()), parameters.contributorNode(message.contributor()), sessionId);
            }
        }
        return record;
    }

    /**
     * Step 2, {@code E_{i,0} == λ_i·S_i}, checked as {@code den_i·E_{i,0} == num_i·S_i} with the
     * integers {@code num_i = Π_{j∈P, j≠i} j} and {@code den_i = Π_{j∈P, j≠i} (j − i)} of
     * {@link ConstantTerm}: the same equation ({@code den_i} is invertible mod q and the group has
     * prime order) with small multipliers instead of a full-width {@code λ_i}.
     */
    static void checkConstantTerm(ReshareParameters parameters, KeyPublicRecord record,
            ReshareRound1.Message message, byte[] sessionId) throws DkgAbort {
        int contributor = message.contributor();
        if (!ConstantTerm.matches(message.commitments().get(0), record.commitments(), contributor,
                parameters.contributors().keySet())) {
            throw DkgAbort.blame(new DkgFailure.ConstantTermMismatch(contributor),
                    parameters.contributorNode(contributor), sessionId);
        }
    }

    /** Steps 4 and 5: {@code C'_k = Σ_i E_{i,k}}, {@code C'_0 == PK}, {@code T'}. */
    static ReshareTranscript combined(ReshareParameters parameters, KeyPublicRecord record,
            SortedMap<Integer, ReshareRound1.Message> ordered, byte[] sessionId) throws DkgAbort {
        List<List<Point>> commitments = new ArrayList<>(ordered.size());
        ordered.values().forEach(message -> commitments.add(message.commitments()));
        Recomputed combined = combined(parameters, commitments, sessionId, record.chainCode());
        return new ReshareTranscript(record, combined.commitments(), combined.transcriptHash);
    }

    /**
     * {@code C'} and {@code T'} recomputed from the contributors' public commitments alone:
     * {@code transcriptHash} binds the chain code the reader was given (null when it was given none),
     * {@code transcriptWithoutChainCode} is the specification's formula, which keys reshared before
     * {@code T'} bound the chain code were acknowledged on (it proves their commitments and shard, not
     * their chain code).
     */
    public record Recomputed(FeldmanCommitments commitments, byte[] transcriptHash, byte[] transcriptWithoutChainCode) {
        public Recomputed {
            transcriptHash = transcriptHash == null ? null : transcriptHash.clone();
            transcriptWithoutChainCode = transcriptWithoutChainCode.clone();
        }

        @Override
        public byte[] transcriptHash() {
            return transcriptHash == null ? null : transcriptHash.clone();
        }

        @Override
        public byte[] transcriptWithoutChainCode() {
            return transcriptWithoutChainCode.clone();
        }
    }

    /**
     * Steps 2 (the count), 4 and 5 for a reader that holds only {@code E_{i,*}} of every contributor
     * of P (by old committee), not the old record: catch-up of a reshared key (keygen §3.7). The
     * constant terms {@code E_{i,0} == λ_i·S_i} are not checked here (the reader has no {@code S_i});
     * the acks of every new committee vouch that honest nodes checked them. {@code chainCode} is the
     * chain code the reader was served (null when none was).
     */
    public static Recomputed recomputed(ReshareParameters parameters, SortedMap<Integer, List<Point>> contributions,
            byte[] chainCode) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        if (!contributions.keySet().equals(parameters.contributors().keySet())) {
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("the commitments are not those of the party "
                    + parameters.contributors().keySet()), sessionId);
        }
        for (Map.Entry<Integer, List<Point>> contribution : contributions.entrySet()) {
            if (contribution.getValue().size() != parameters.newThreshold()) {
                throw DkgAbort.blame(new DkgFailure.WrongCommitmentCount(contribution.getKey(),
                        parameters.newThreshold(), contribution.getValue().size()),
                        parameters.contributorNode(contribution.getKey()), sessionId);
            }
        }
        return combined(parameters, List.copyOf(contributions.values()), sessionId, chainCode);
    }

    private static Recomputed combined(ReshareParameters parameters, List<List<Point>> ordered, byte[] sessionId,
            byte[] chainCode) throws DkgAbort {
        int newThreshold = parameters.newThreshold();
        List<Point> sums = new ArrayList<>(newThreshold);
        List<byte[]> entries = new ArrayList<>(ordered.size());
        for (int k = 0; k < newThreshold; k++) {
            Point sum = Point.infinity();
            for (List<Point> commitments : ordered) {
                sum = sum.add(commitments.get(k));
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
        for (List<Point> commitments : ordered) {
            entries.add(Reveal.encodePoints(commitments));
        }
        byte[] contributions = Encoding.list(entries);
        byte[] transcript = chainCode == null ? null
                : LifecycleHash.h("reshare-transcript", sessionId, contributions, chainCode);
        byte[] withoutChainCode = LifecycleHash.h("reshare-transcript", sessionId, contributions);
        return new Recomputed(new FeldmanCommitments(sums), transcript, withoutChainCode);
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

    /** One key of a batch at the manager: its transcript, or why it failed. Exactly one is set. */
    public record KeyTranscript(ReshareTranscript transcript, DkgAbort abort) {
    }

    /**
     * The manager's own check of a batch (keygen §3.5): {@link #verified(ReshareParameters, Map)}
     * per key over that key's parts of the contributors' batch messages, so one key's failure names
     * its culprits and leaves the other keys' transcripts standing.
     */
    public static List<KeyTranscript> verified(ReshareBatch batch, Map<Integer, BatchMessage> messages) {
        List<KeyTranscript> outcomes = new ArrayList<>(batch.size());
        for (int index = 0; index < batch.size(); index++) {
            try {
                outcomes.add(new KeyTranscript(verified(batch.key(index), batch.sessionId(index),
                        keyMessages(messages, index)), null));
            } catch (DkgAbort abort) {
                outcomes.add(new KeyTranscript(null, abort));
            }
        }
        return outcomes;
    }

    /** Key {@code index}'s one-key view of every contributor's batch message that has a part for it. */
    static Map<Integer, ReshareRound1.Message> keyMessages(Map<Integer, BatchMessage> messages, int index) {
        Map<Integer, ReshareRound1.Message> keyMessages = new TreeMap<>();
        messages.forEach((contributor, message) -> {
            ReshareRound1.Message keyMessage = message.keyMessage(index);
            if (keyMessage != null) {
                keyMessages.put(contributor, keyMessage);
            }
        });
        return keyMessages;
    }
}
